import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { PdClient } from '../../src/client/index.js';
import { median, msSince, now, summarize, type LatencySummary } from '../stats.js';
import { measureDeadAgentRelease, type DeathResult } from './agent-death.js';
import { readCpuMs } from './process-stats.js';

export interface AgentsOptions {
  agents: number;
  connections: number;
  /** How long the agents heartbeat, each once a second. */
  heartbeatSeconds: number;
  /** Notes in all, spread evenly over the agents' sessions. */
  notes: number;
  briefingRounds: number;
  briefingWarmup: number;
  deathRuns: number;
  /** The one project every agent works in, so `--project` covers them all. */
  project: string;
}

export interface HeartbeatResult extends LatencySummary {
  agents: number;
  seconds: number;
  perSecond: number;
  /** Daemon CPU time over wall time: 1.0 means one core busy the whole phase. */
  daemonCpuShare: number | null;
  daemonCpuUsPerOp: number | null;
}

export interface BriefingTiming {
  /** The daemon's own time to build it (its Server-Timing header): no network, no JSON. */
  server: LatencySummary;
  /** Request to last byte, JSON and client included. */
  wallP50Ms: number;
  bytes: number;
}

export interface AgentsResult {
  heartbeat: HeartbeatResult;
  briefing: { sessions: number; notes: number; whole: BriefingTiming; project: BriefingTiming };
  death: DeathResult;
}

/** Runs `total` steps over the clients at once: client c takes steps c, c+N, c+2N... */
async function spread(
  clients: PdClient[],
  total: number,
  step: (client: PdClient, i: number) => Promise<unknown>,
): Promise<void> {
  await Promise.all(
    clients.map(async (client, c) => {
      for (let i = c; i < total; i += clients.length) await step(client, i);
    }),
  );
}

/**
 * Every agent heartbeats once a second: each client owns agents/N of them and sends one every
 * N/agents seconds, on a schedule staggered between clients, so the daemon sees an even stream
 * rather than bursts. A late answer delays only that client's next heartbeat.
 */
async function measureHeartbeats(
  clients: PdClient[],
  ids: string[],
  daemonPid: number,
  seconds: number,
): Promise<HeartbeatResult> {
  const intervalMs = (1000 * clients.length) / ids.length;
  const perClient = Math.floor((seconds * ids.length) / clients.length);
  const samples: number[] = [];
  const cpuBefore = readCpuMs(daemonPid);
  const start = performance.now();
  const started = now();
  await Promise.all(
    clients.map(async (client, c) => {
      const offset = (intervalMs * c) / clients.length;
      for (let k = 0; k < perClient; k++) {
        const wait = start + offset + k * intervalMs - performance.now();
        if (wait >= 1) await sleep(wait);
        const sent = now();
        await client.agents.heartbeat(ids[(k * clients.length + c) % ids.length]!);
        samples.push(msSince(sent));
      }
    }),
  );
  const elapsed = msSince(started) / 1000;
  const cpuAfter = readCpuMs(daemonPid);
  const daemonCpuMs = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  return {
    ...summarize(samples),
    agents: ids.length,
    seconds: elapsed,
    perSecond: samples.length / elapsed,
    daemonCpuShare: daemonCpuMs === null ? null : daemonCpuMs / 1000 / elapsed,
    daemonCpuUsPerOp: daemonCpuMs === null ? null : (daemonCpuMs * 1000) / samples.length,
  };
}

interface TimedGet {
  wallMs: number;
  serverMs: number;
  bytes: number;
}

/** A GET that keeps the Server-Timing header, which the SDK does not expose. */
function timedGet(agent: http.Agent, url: string): Promise<TimedGet> {
  const sent = now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        response.on('error', reject);
        response.on('end', () => {
          const timing = /app;dur=([\d.]+)/.exec(String(response.headers['server-timing']));
          if (response.statusCode !== 200 || !timing)
            return reject(new Error(`GET ${url}: ${response.statusCode}, no Server-Timing`));
          resolve({ wallMs: msSince(sent), serverMs: Number(timing[1]), bytes });
        });
      })
      .on('error', reject);
  });
}

async function timeBriefing(
  url: string,
  options: Pick<AgentsOptions, 'briefingRounds' | 'briefingWarmup'>,
): Promise<BriefingTiming> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (let i = 0; i < options.briefingWarmup; i++) await timedGet(agent, url);
    const runs: TimedGet[] = [];
    for (let i = 0; i < options.briefingRounds; i++) runs.push(await timedGet(agent, url));
    return {
      server: summarize(runs.map((run) => run.serverMs)),
      wallP50Ms: median(runs.map((run) => run.wallMs)),
      bytes: runs[0]!.bytes,
    };
  } finally {
    agent.destroy();
  }
}

/**
 * Registers the agents (with the bench's own pid, so the daemon's pid sweep covers all of them
 * as it would for real agents), heartbeats them, gives each a session and its share of the
 * notes, times `GET /briefing` with and without `project`, then times dead-agent release.
 */
export async function measureAgents(
  url: string,
  daemonPid: number,
  options: AgentsOptions,
): Promise<AgentsResult> {
  const clients = Array.from({ length: options.connections }, () => new PdClient({ url }));
  const ids = Array.from({ length: options.agents }, (_, i) => `bench-agent-${i}`);
  try {
    await spread(clients, ids.length, (client, i) =>
      client.agents.register({
        agent: ids[i]!,
        identity: `${options.project}:a${i}`,
        purpose: `bench agent ${i}`,
        pid: process.pid,
        timeout: '1h',
      }),
    );
    const heartbeat = await measureHeartbeats(clients, ids, daemonPid, options.heartbeatSeconds);

    const sessions: string[] = new Array<string>(ids.length);
    await spread(clients, ids.length, async (client, i) => {
      const begun = await client.sessions.begin({
        agent: ids[i]!,
        purpose: `bench task ${i}: refactor module ${i} and keep its tests green`,
        identity: `${options.project}:a${i}`,
      });
      sessions[i] = begun.session.id;
    });
    const types = ['progress', 'finding', 'blocker', 'handoff'] as const;
    await spread(clients, options.notes, (client, i) =>
      client.sessions.addNote(sessions[i % sessions.length]!, {
        text: `note ${i}: checked the parser against case ${i}, two edge cases left to cover`,
        type: types[i % types.length]!,
      }),
    );
    const whole = await timeBriefing(`${url}/briefing`, options);
    const project = await timeBriefing(`${url}/briefing?project=${options.project}`, options);
    const death = await measureDeadAgentRelease(clients[0]!, options.deathRuns);
    return {
      heartbeat,
      briefing: { sessions: sessions.length, notes: options.notes, whole, project },
      death,
    };
  } finally {
    for (const client of clients) client.close();
  }
}
