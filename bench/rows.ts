import type { AgentsResult, BriefingTiming } from './measures/agents.js';
import type { CliWallTimeResult } from './measures/cli-wall-time.js';
import type { ColdStartResult } from './measures/cold-start.js';
import type { HttpFloorResult } from './measures/http-floor.js';
import type { LatencyResult, PhaseLatency } from './measures/latency.js';
import type { ProxyResult } from './measures/proxy.js';
import type { MemorySample } from './measures/process-stats.js';
import type { FanOutLatency, PubSubResult } from './measures/pubsub.js';
import type { RedisResult } from './measures/redis.js';
import type { RateSample, ThroughputResult } from './measures/throughput.js';
import type { Row } from './report.js';

export interface BenchResults {
  latency: LatencyResult;
  throughput: ThroughputResult;
  cli: CliWallTimeResult;
  coldStart: ColdStartResult;
  memory: { idle: MemorySample; loaded: MemorySample; heldClaims: number };
  httpFloor: HttpFloorResult;
  pubsub: PubSubResult;
  redis: RedisResult;
  agents: AgentsResult;
  proxy: ProxyResult;
}

const us = (value: number | null) => (value === null ? '?' : Math.round(value).toString());

const pss = (sample: MemorySample) =>
  sample.pssMb === null ? '' : `PSS ${sample.pssMb.toFixed(1)} MB; `;

const cpuPerOp = (phase: PhaseLatency) =>
  `CPU/op: daemon ${us(phase.daemonCpuUsPerOp)} us, client ${us(phase.clientCpuUsPerOp)} us`;

const rateDetail = (rate: RateSample) =>
  `${rate.requests} reqs; daemon ${rate.daemonCpuShare?.toFixed(2) ?? '?'} cores, ` +
  `${us(rate.daemonCpuUsPerOp)} us/op; client ${us(rate.clientCpuUsPerOp)} us/op`;

const fanOutDetail = (latency: FanOutLatency) =>
  `p50 ${latency.p50Ms.toFixed(3)} ms; last of ${latency.subscribers} p99 ` +
  `${latency.lastReceiver.p99Ms.toFixed(2)} ms; ${latency.lastReceiver.count} messages`;

function pubsubRows(pubsub: PubSubResult): Row[] {
  const { one, hundred, rate } = pubsub;
  return [
    {
      measure: 'publish-to-receive p99 (1 sub)',
      value: one.p99Ms,
      unit: 'ms',
      digits: 2,
      detail: fanOutDetail(one),
    },
    {
      measure: 'publish-to-receive p99 (100 subs)',
      value: hundred.p99Ms,
      unit: 'ms',
      digits: 2,
      target: { op: '<=', limit: 5 },
      detail: fanOutDetail(hundred),
    },
    {
      measure: `published/s (${rate.subscribers} subs, ${rate.publishers} conn)`,
      value: rate.perSecond,
      unit: '/s',
      digits: 0,
      target: { op: '>=', limit: 20_000 },
      detail:
        `${rate.messages} msgs; delivered ${Math.round(rate.deliveredPerSecond)} copies/s` +
        `${rate.missing ? `, ${rate.missing} MISSING` : ''}; daemon ${us(rate.serverCpuUsPerMessage)} us/msg`,
    },
  ];
}

const briefingDetail = (timing: BriefingTiming) =>
  `p99 ${timing.server.p99Ms.toFixed(1)} ms of ${timing.server.count}; ` +
  `wall p50 ${timing.wallP50Ms.toFixed(1)} ms with JSON; ${Math.round(timing.bytes / 1024)} kB`;

/** Issue 5: heartbeats under load, the briefing of a crowded daemon, dead-agent release. */
export function agentRows({ heartbeat, briefing, death }: AgentsResult): Row[] {
  const crowd = `${heartbeat.agents.toLocaleString('en-US')} agents, ${briefing.notes.toLocaleString('en-US')} notes`;
  return [
    {
      measure: `heartbeat p99 (${heartbeat.agents.toLocaleString('en-US')} agents @ 1/s)`,
      value: heartbeat.p99Ms,
      unit: 'ms',
      digits: 2,
      target: { op: '<=', limit: 2 },
      detail:
        `p50 ${heartbeat.p50Ms.toFixed(3)} ms, max ${heartbeat.maxMs.toFixed(1)} ms; ` +
        `${Math.round(heartbeat.perSecond)}/s for ${heartbeat.seconds.toFixed(0)} s; ` +
        `daemon ${heartbeat.daemonCpuShare?.toFixed(2) ?? '?'} cores, ${us(heartbeat.daemonCpuUsPerOp)} us/op`,
    },
    {
      measure: `briefing server p50 (${crowd})`,
      value: briefing.whole.server.p50Ms,
      unit: 'ms',
      digits: 1,
      target: { op: '<=', limit: 50 },
      detail: briefingDetail(briefing.whole),
    },
    {
      measure: `briefing --project server p50 (all in it)`,
      value: briefing.project.server.p50Ms,
      unit: 'ms',
      digits: 1,
      target: { op: '<=', limit: 50 },
      detail: briefingDetail(briefing.project),
    },
    {
      measure: `dead agent: kill -9 to released, max of ${death.runs}`,
      value: death.releasedMaxMs,
      unit: 'ms',
      digits: 0,
      target: { op: '<=', limit: 2000 },
      detail:
        `median ${death.releasedMedianMs.toFixed(0)} ms; shown dead at median ` +
        `${death.deadMedianMs.toFixed(0)} ms; lock and port owned by the agent` +
        (death.failures ? `; ${death.failures} NEVER released` : ''),
    },
  ];
}

/** Issue 6: what going through http://<name>.localhost:<daemon>/ costs over the port itself. */
export function proxyRows(proxy: ProxyResult): Row[] {
  const { direct, proxied } = proxy;
  return [
    {
      measure: 'proxy added latency p50 (1 conn)',
      value: proxy.addedP50Ms,
      unit: 'ms',
      digits: 3,
      target: { op: '<=', limit: 0.5 },
      detail:
        `GET p50 ${proxied.p50Ms.toFixed(3)} ms proxied, ${direct.p50Ms.toFixed(3)} ms direct; ` +
        `p99 ${proxied.p99Ms.toFixed(3)} / ${direct.p99Ms.toFixed(3)} ms; ${proxied.count} each`,
    },
    {
      measure: `proxied/direct GETs/s (${proxy.connections} conn)`,
      value: proxy.proxiedPerSecond / proxy.directPerSecond,
      unit: 'x',
      digits: 2,
      target: { op: '>=', limit: 0.7 },
      detail:
        `${Math.round(proxy.proxiedPerSecond)} / ${Math.round(proxy.directPerSecond)} GETs/s, keep-alive; ` +
        `daemon ${us(proxy.daemonCpuUsPerRequest)} us/GET`,
    },
  ];
}

/** Ours over redis for the same loop: for times below 1 is better, for rates above 1. */
function redisRows(redis: RedisResult, latency: LatencyResult, pubsub: PubSubResult): Row[] {
  if ('skipped' in redis) return [];
  const ratio = (measure: string, ours: number, theirs: number, unit: string, digits: number) => ({
    measure: `${measure} ours/redis`,
    value: ours / theirs,
    unit: 'x',
    digits: 2,
    detail: `${ours.toFixed(digits)} / ${theirs.toFixed(digits)} ${unit}`,
  });
  return [
    ratio('lock+release p50', latency.lockRelease.p50Ms, redis.lock.p50Ms, 'ms', 3),
    ratio('pub->recv p99 (1 sub)', pubsub.one.p99Ms, redis.pubsub.one.p99Ms, 'ms', 3),
    ratio('pub->recv p99 (100 subs)', pubsub.hundred.p99Ms, redis.pubsub.hundred.p99Ms, 'ms', 3),
    ratio('published/s', pubsub.rate.perSecond, redis.pubsub.rate.perSecond, '/s', 0),
  ];
}

/** The figures the issue sets targets for, plus the ones that explain them. */
export function summaryRows(results: BenchResults): Row[] {
  const { latency, throughput, cli, coldStart, memory, httpFloor, pubsub, redis } = results;
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
    ...pubsubRows(pubsub),
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
    ...redisRows(redis, latency, pubsub),
    ...agentRows(results.agents),
    ...proxyRows(results.proxy),
  ];
}
