import type { CliWallTimeResult } from './measures/cli-wall-time.js';
import type { ColdStartResult } from './measures/cold-start.js';
import type { HttpFloorResult } from './measures/http-floor.js';
import type { LatencyResult, PhaseLatency } from './measures/latency.js';
import type { MemorySample } from './measures/process-stats.js';
import type { RateSample, ThroughputResult } from './measures/throughput.js';
import type { Row } from './report.js';

export interface BenchResults {
  latency: LatencyResult;
  throughput: ThroughputResult;
  cli: CliWallTimeResult;
  coldStart: ColdStartResult;
  memory: { idle: MemorySample; loaded: MemorySample; heldClaims: number };
  httpFloor: HttpFloorResult;
}

const us = (value: number | null) => (value === null ? '?' : Math.round(value).toString());

const pss = (sample: MemorySample) =>
  sample.pssMb === null ? '' : `PSS ${sample.pssMb.toFixed(1)} MB; `;

const cpuPerOp = (phase: PhaseLatency) =>
  `CPU/op: daemon ${us(phase.daemonCpuUsPerOp)} us, client ${us(phase.clientCpuUsPerOp)} us`;

const rateDetail = (rate: RateSample) =>
  `${rate.requests} reqs; daemon ${rate.daemonCpuShare?.toFixed(2) ?? '?'} cores, ` +
  `${us(rate.daemonCpuUsPerOp)} us/op; client ${us(rate.clientCpuUsPerOp)} us/op`;

/** The figures the issue sets targets for, plus the ones that explain them. */
export function summaryRows(results: BenchResults): Row[] {
  const { latency, throughput, cli, coldStart, memory, httpFloor } = results;
  return [
    {
      measure: 'claim+release p50 (1 conn)',
      value: latency.claimRelease.p50Ms,
      unit: 'ms',
      digits: 3,
      target: { op: '<=', limit: 0.3 },
      detail: cpuPerOp(latency.claimRelease),
    },
    {
      measure: 'claim+release p99 (1 conn)',
      value: latency.claimRelease.p99Ms,
      unit: 'ms',
      digits: 3,
      target: { op: '<=', limit: 1 },
      detail: `${latency.claimRelease.count} round trips, max ${latency.claimRelease.maxMs.toFixed(1)} ms`,
    },
    {
      measure: 'lock acquire+release p50',
      value: latency.lockRelease.p50Ms,
      unit: 'ms',
      digits: 3,
      target: { op: '<=', limit: 0.3 },
      detail: `p99 ${latency.lockRelease.p99Ms.toFixed(3)} ms; ${cpuPerOp(latency.lockRelease)}`,
    },
    {
      measure: 'claim of held identity p50',
      value: latency.claimHeld.p50Ms,
      unit: 'ms',
      digits: 3,
      detail: `p99 ${latency.claimHeld.p99Ms.toFixed(3)} ms; ${cpuPerOp(latency.claimHeld)}`,
    },
    {
      measure: 'GET /health p50 (HTTP floor)',
      value: latency.health.p50Ms,
      unit: 'ms',
      digits: 3,
      detail: `p99 ${latency.health.p99Ms.toFixed(3)} ms; ${cpuPerOp(latency.health)}`,
    },
    {
      measure: 'bare node:http POST p50 (floor)',
      value: httpFloor.post.p50Ms,
      unit: 'ms',
      digits: 3,
      detail: `p99 ${httpFloor.post.p99Ms.toFixed(3)} ms; same client, a server that only parses JSON`,
    },
    {
      measure: `new claims/s (${throughput.connections} conn)`,
      value: throughput.newClaims.perSecond,
      unit: '/s',
      digits: 0,
      target: { op: '>=', limit: 10_000 },
      detail: rateDetail(throughput.newClaims),
    },
    {
      measure: `re-claims/s (${throughput.connections} conn)`,
      value: throughput.reclaims.perSecond,
      unit: '/s',
      digits: 0,
      target: { op: '>=', limit: 10_000 },
      detail: rateDetail(throughput.reclaims),
    },
    {
      measure: `bare node:http POSTs/s (${throughput.connections} conn)`,
      value: httpFloor.postsPerSecond,
      unit: '/s',
      digits: 0,
      detail: 'the machine floor for claims/s: client and server share the cores',
    },
    {
      measure: 'pd claim -q / node -e 0',
      value: cli.ratio,
      unit: 'x',
      digits: 2,
      target: { op: '<=', limit: 2 },
      detail: `medians ${cli.pdClaimMs.toFixed(1)} ms / ${cli.nodeBaselineMs.toFixed(1)} ms, ${cli.runs} runs each`,
    },
    {
      measure: 'cold start to healthy',
      value: coldStart.healthyMs,
      unit: 'ms',
      digits: 0,
      target: { op: '<=', limit: 300 },
      detail:
        `median of ${coldStart.runs}; listening at ${coldStart.listeningMs.toFixed(0)} ms` +
        (coldStart.cpuMsAtHealthy === null
          ? ''
          : `; daemon CPU ${coldStart.cpuMsAtHealthy.toFixed(0)} ms`),
    },
    {
      measure: 'daemon RSS idle',
      value: memory.idle.rssMb,
      unit: 'MB',
      digits: 1,
      target: { op: '<=', limit: 60 },
      detail:
        `${pss(memory.idle)}at healthy in cold starts: ` +
        `${coldStart.rssAtHealthyMb.map((mb) => mb.toFixed(0)).join(', ')} MB`,
    },
    {
      measure: `daemon RSS at ${memory.heldClaims.toLocaleString('en-US')} claims`,
      value: memory.loaded.rssMb,
      unit: 'MB',
      digits: 1,
      target: { op: '<=', limit: 100 },
      detail:
        memory.loaded.peakRssMb === null ? '' : `peak ${memory.loaded.peakRssMb.toFixed(1)} MB`,
    },
  ];
}
