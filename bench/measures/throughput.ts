import { PdClient } from '../../src/client/index.js';
import { readCpuMs } from './process-stats.js';
import { msSince, now } from '../stats.js';

export interface ThroughputOptions {
  connections: number;
  /** New identities claimed in all (spread over the connections). */
  newClaims: number;
  /** Re-claims of identities already held, in all. */
  reclaims: number;
  /** Identity prefix, so several phases do not collide. */
  prefix: string;
}

export interface RateSample {
  requests: number;
  seconds: number;
  perSecond: number;
  /** Daemon CPU time over wall time: 1.0 means one core busy the whole phase. */
  daemonCpuShare: number | null;
  daemonCpuUsPerOp: number | null;
  /** This process's CPU per request: client and daemon share the machine's cores. */
  clientCpuUsPerOp: number;
}

export interface ThroughputResult {
  connections: number;
  newClaims: RateSample;
  reclaims: RateSample;
}

/** Runs `perClient` requests on every client at once; each client keeps its own connection. */
async function rate(
  clients: PdClient[],
  perClient: number,
  daemonPid: number,
  request: (client: PdClient, c: number, i: number) => Promise<unknown>,
): Promise<RateSample> {
  const cpuBefore = readCpuMs(daemonPid);
  const clientBefore = process.cpuUsage();
  const start = now();
  await Promise.all(
    clients.map(async (client, c) => {
      for (let i = 0; i < perClient; i++) await request(client, c, i);
    }),
  );
  const seconds = msSince(start) / 1000;
  const cpuAfter = readCpuMs(daemonPid);
  const client = process.cpuUsage(clientBefore);
  const requests = perClient * clients.length;
  const daemonCpuMs = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  return {
    requests,
    seconds,
    perSecond: requests / seconds,
    daemonCpuShare: daemonCpuMs === null ? null : daemonCpuMs / 1000 / seconds,
    daemonCpuUsPerOp: daemonCpuMs === null ? null : (daemonCpuMs * 1000) / requests,
    clientCpuUsPerOp: (client.user + client.system) / requests,
  };
}

/** Claims/s of new identities, then re-claims/s of those same identities, over N connections. */
export async function measureThroughput(
  url: string,
  daemonPid: number,
  options: ThroughputOptions,
): Promise<ThroughputResult> {
  const clients = Array.from({ length: options.connections }, () => new PdClient({ url }));
  const identity = (c: number, i: number) => `${options.prefix}:w${c}-${i}`;
  try {
    const perClientNew = Math.ceil(options.newClaims / clients.length);
    // Opens every connection before the clock starts.
    await Promise.all(clients.map((client) => client.health()));
    const newClaims = await rate(clients, perClientNew, daemonPid, (client, c, i) =>
      client.claim({ identity: identity(c, i) }),
    );
    const perClientRe = Math.ceil(options.reclaims / clients.length);
    const reclaims = await rate(clients, perClientRe, daemonPid, (client, c, i) =>
      client.claim({ identity: identity(c, i % perClientNew) }),
    );
    return { connections: clients.length, newClaims, reclaims };
  } finally {
    for (const client of clients) client.close();
  }
}

/** Claims new identities over N connections until the daemon holds `target` claims. */
export async function fillClaims(
  url: string,
  target: number,
  connections: number,
  prefix: string,
): Promise<number> {
  const clients = Array.from({ length: connections }, () => new PdClient({ url }));
  try {
    const held = (await clients[0]!.status()).counts.claims;
    const perClient = Math.ceil(Math.max(0, target - held) / connections);
    await Promise.all(
      clients.map(async (client, c) => {
        for (let i = 0; i < perClient; i++)
          await client.claim({ identity: `${prefix}:w${c}-${i}` });
      }),
    );
    return (await clients[0]!.status()).counts.claims;
  } finally {
    for (const client of clients) client.close();
  }
}
