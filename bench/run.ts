import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { PdClient } from '../src/client/index.js';
import { Cleanup } from './cleanup.js';
import { machineInfo } from './machine.js';
import { measureAgents, type AgentsResult } from './measures/agents.js';
import { measureCliWallTime } from './measures/cli-wall-time.js';
import { measureColdStart } from './measures/cold-start.js';
import { measureHttpFloor } from './measures/http-floor.js';
import { measureLatency } from './measures/latency.js';
import { measureProxy, type ProxyResult } from './measures/proxy.js';
import { readMemory } from './measures/process-stats.js';
import { measureBus, pdBus } from './measures/pubsub.js';
import { measureRedis } from './measures/redis.js';
import { fillClaims, measureThroughput } from './measures/throughput.js';
import { renderTable, score } from './report.js';
import { agentRows, proxyRows, summaryRows, type BenchResults } from './rows.js';
import { startBenchDaemon } from './start-daemon.js';

// Runs from dist/bench/run.js, so the repository root is two levels up.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = path.join(ROOT, 'dist', 'bundle', 'pd.js');
const RESULTS = path.join(ROOT, 'bench', 'results', 'latest.json');
/**
 * BENCH_ONLY=agents runs only the agents measure (issue 5) and prints its rows, without writing
 * the results file: `npm run build && BENCH_ONLY=agents node dist/bench/run.js`. BENCH_ONLY=proxy
 * does the same for the proxy overhead (issue 6).
 */
const ONLY = process.env.BENCH_ONLY;

const SETTINGS = {
  latencyRounds: 5000,
  latencyWarmup: 500,
  connections: 10,
  newClaims: 5000,
  reclaims: 20_000,
  heldClaimsForMemory: 10_000,
  cliRuns: 15,
  cliWarmup: 2,
  coldStartRuns: 5,
  pubsub: {
    rounds: { one: 2000, hundred: 300 },
    warmup: 100,
    rateSubscribers: 10,
    ratePublishers: 10,
    rateMessages: 10_000,
  },
  agents: {
    agents: 1000,
    connections: 10,
    heartbeatSeconds: 10,
    notes: 10_000,
    briefingRounds: 30,
    briefingWarmup: 3,
    deathRuns: 5,
    project: 'benchagents',
  },
  proxy: {
    rounds: 5000,
    warmup: 500,
    block: 500,
    connections: 10,
    requests: 20_000,
    identity: 'benchproxy:api',
  },
  // Wide enough for 10,000 held claims and below Linux's ephemeral ports (32768+).
  range: { start: 10_000, end: 29_999 },
};

const started = Date.now();
const progress = (message: string) =>
  process.stderr.write(`bench +${((Date.now() - started) / 1000).toFixed(1)}s: ${message}\n`);

const startDaemon = (cleanup: Cleanup) =>
  startBenchDaemon({
    cli: CLI,
    cleanup,
    env: {
      PORT_DADDY_RANGE_START: String(SETTINGS.range.start),
      PORT_DADDY_RANGE_END: String(SETTINGS.range.end),
    },
  });

/** On a daemon of its own, so the claims held by the other measures do not weigh on it. */
async function runAgents(cleanup: Cleanup): Promise<AgentsResult> {
  const { agents, heartbeatSeconds, notes, deathRuns } = SETTINGS.agents;
  progress(
    `agents: ${agents} heartbeating for ${heartbeatSeconds}s, briefing with ${notes} notes, ` +
      `${deathRuns} kill -9s`,
  );
  const daemon = await startDaemon(cleanup);
  const result = await measureAgents(daemon.url, daemon.pid, SETTINGS.agents);
  await daemon.stop();
  return result;
}

/** On a daemon of its own: GETs to a dev server directly, then through its .localhost name. */
async function runProxy(cleanup: Cleanup): Promise<ProxyResult> {
  const { rounds, connections, requests } = SETTINGS.proxy;
  progress(`proxy: ${rounds} GETs each way on 1 connection, ${requests} on ${connections}`);
  const daemon = await startDaemon(cleanup);
  const result = await measureProxy(daemon.url, daemon.pid, cleanup, SETTINGS.proxy);
  await daemon.stop();
  return result;
}

async function measureAll(cleanup: Cleanup): Promise<BenchResults> {
  const daemon = await startDaemon(cleanup);
  progress(`daemon pid ${daemon.pid} at ${daemon.url}`);
  const probe = new PdClient({ url: daemon.url });
  await probe.health();
  probe.close();
  await sleep(500);
  const idle = readMemory(daemon.pid);

  progress(`latency: ${SETTINGS.latencyRounds} round trips on 1 connection`);
  const latency = await measureLatency(daemon.url, daemon.pid, {
    rounds: SETTINGS.latencyRounds,
    warmup: SETTINGS.latencyWarmup,
  });

  const { rounds, rateSubscribers, rateMessages } = SETTINGS.pubsub;
  progress(
    `pub/sub: ${rounds.one} messages to 1 subscriber, ${rounds.hundred} to 100, ` +
      `${rateMessages} with ${rateSubscribers} attached`,
  );
  const pubsub = await measureBus(pdBus(daemon.url, daemon.pid), SETTINGS.pubsub);

  progress(`throughput: ${SETTINGS.connections} connections`);
  const throughput = await measureThroughput(daemon.url, daemon.pid, {
    connections: SETTINGS.connections,
    newClaims: SETTINGS.newClaims,
    reclaims: SETTINGS.reclaims,
    prefix: 'bench:throughput',
  });

  progress(`pd claim -q vs node -e 0: ${SETTINGS.cliRuns} runs each`);
  const cli = await measureCliWallTime({
    cli: CLI,
    env: daemon.cliEnv,
    identity: 'bench:cli',
    runs: SETTINGS.cliRuns,
    warmup: SETTINGS.cliWarmup,
  });

  progress(`memory: filling to ${SETTINGS.heldClaimsForMemory} held claims`);
  const heldClaims = await fillClaims(
    daemon.url,
    SETTINGS.heldClaimsForMemory,
    SETTINGS.connections,
    'bench:fill',
  );
  const loaded = readMemory(daemon.pid);
  await daemon.stop();

  const agents = await runAgents(cleanup);
  const proxy = await runProxy(cleanup);

  progress('HTTP floor: the same client against a bare node:http server');
  const httpFloor = await measureHttpFloor(cleanup, {
    rounds: SETTINGS.latencyRounds,
    warmup: SETTINGS.latencyWarmup,
    connections: SETTINGS.connections,
    requests: SETTINGS.reclaims,
  });

  progress('redis: the same lock and pub/sub loops against redis-server');
  const redis = await measureRedis(cleanup, {
    lockRounds: SETTINGS.latencyRounds,
    lockWarmup: SETTINGS.latencyWarmup,
    pubsub: SETTINGS.pubsub,
  });
  if ('skipped' in redis) progress(redis.skipped);

  progress(`cold start: ${SETTINGS.coldStartRuns} runs`);
  const coldStart = await measureColdStart(CLI, cleanup, SETTINGS.coldStartRuns);
  return {
    latency,
    throughput,
    cli,
    coldStart,
    memory: { idle, loaded, heldClaims },
    httpFloor,
    pubsub,
    redis,
    agents,
    proxy,
  };
}

async function bench(cleanup: Cleanup): Promise<void> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  const machine = machineInfo();
  progress(
    `node ${machine.node}, ${machine.cpus} x ${machine.cpuModel}, load ${machine.loadAverage.join(' ')}`,
  );
  if (ONLY !== undefined && ONLY !== 'agents' && ONLY !== 'proxy')
    throw new Error(`BENCH_ONLY=${ONLY}: only agents or proxy`);
  if (ONLY !== undefined) {
    const rows =
      ONLY === 'agents' ? agentRows(await runAgents(cleanup)) : proxyRows(await runProxy(cleanup));
    console.log(renderTable(rows.map(score)));
    console.log(
      `\nload average ${machine.loadAverage[0]} before, ${os.loadavg()[0]!.toFixed(2)} after`,
    );
    return;
  }
  const results = await measureAll(cleanup);
  const loadAverageAfter = os.loadavg().map((load) => Math.round(load * 100) / 100);
  const summary = summaryRows(results).map(score);
  console.log(renderTable(summary));
  if ('skipped' in results.redis) console.log(`\n${results.redis.skipped}`);
  else console.log(`\nredis ${results.redis.version} on loopback: the same loops, over RESP`);
  console.log(
    `\nmachine: ${machine.cpus} x ${machine.cpuModel}, node ${machine.node}, ` +
      `load average ${machine.loadAverage[0]} before, ${loadAverageAfter[0]} after`,
  );

  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  const report = {
    machine: { ...machine, loadAverageAfter },
    settings: SETTINGS,
    ...results,
    summary,
  };
  fs.writeFileSync(RESULTS, JSON.stringify(report, null, 2) + '\n');
  console.log(`${path.relative(process.cwd(), RESULTS)} written`);
}

const cleanup = new Cleanup();
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    progress(`${signal}: stopping daemons`);
    void cleanup.run().then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}
try {
  await bench(cleanup);
} catch (error) {
  // After an interrupt, requests fail because their daemon was stopped: not worth printing.
  if (!interrupted)
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
} finally {
  await cleanup.run();
}
