import { spawn } from 'node:child_process';
import { PdClient } from '../../src/client/index.js';
import type { Cleanup } from '../cleanup.js';
import {
  keepAliveRate,
  KeepAliveConnection,
  sequentialLatency,
  type LoadTarget,
} from '../keep-alive-load.js';
import { summarize, type LatencySummary } from '../stats.js';
import { readCpuMs } from './process-stats.js';

// A dev server reduced to its floor: a fixed small JSON for every GET, in a process of its own
// so its CPU is not the load generator's.
const DEV_SERVER = `
const http = require('node:http');
const text = JSON.stringify({ ok: true, service: 'bench', items: [1, 2, 3, 4, 5, 6, 7, 8] });
http.createServer((request, response) => {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('listening\\n'));
`;

export interface ProxyOptions {
  rounds: number;
  warmup: number;
  /** Latency rounds alternate direct and proxied in blocks this long, so drift hits both. */
  block: number;
  connections: number;
  requests: number;
  identity: string;
}

export interface ProxyResult {
  direct: LatencySummary;
  proxied: LatencySummary;
  /** proxied p50 minus direct p50. */
  addedP50Ms: number;
  directPerSecond: number;
  proxiedPerSecond: number;
  /** Daemon CPU per proxied GET in the rate phase. */
  daemonCpuUsPerRequest: number | null;
  connections: number;
}

async function startDevServer(cleanup: Cleanup, port: number): Promise<void> {
  const child = spawn(process.execPath, ['-e', DEV_SERVER], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanup.add(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`bench dev server exited with ${code}`)));
  });
}

/** GETs to a dev server straight on its port, then through http://<name>.localhost:<daemon>/. */
export async function measureProxy(
  daemonUrl: string,
  daemonPid: number,
  cleanup: Cleanup,
  options: ProxyOptions,
): Promise<ProxyResult> {
  const client = new PdClient({ url: daemonUrl });
  const { port } = await client.claim({ identity: options.identity });
  client.close();
  await startDevServer(cleanup, port);
  const [project, service] = options.identity.split(':');
  const daemonPort = Number(new URL(daemonUrl).port);
  const direct: LoadTarget = { port, host: `127.0.0.1:${port}`, path: '/' };
  const proxied: LoadTarget = {
    port: daemonPort,
    host: `${service}.${project}.localhost:${daemonPort}`,
    path: '/',
  };

  const one = {
    direct: new KeepAliveConnection(direct),
    proxied: new KeepAliveConnection(proxied),
  };
  const samples = { direct: [] as number[], proxied: [] as number[] };
  try {
    await sequentialLatency(one.direct, options.warmup);
    await sequentialLatency(one.proxied, options.warmup);
    for (let done = 0; done < options.rounds; done += options.block) {
      samples.direct.push(...(await sequentialLatency(one.direct, options.block)));
      samples.proxied.push(...(await sequentialLatency(one.proxied, options.block)));
    }
  } finally {
    one.direct.close();
    one.proxied.close();
  }
  const perConnection = Math.ceil(options.requests / options.connections);
  const directRate = await keepAliveRate(direct, options.connections, perConnection);
  const cpuBefore = readCpuMs(daemonPid);
  const proxiedRate = await keepAliveRate(proxied, options.connections, perConnection);
  const cpuAfter = readCpuMs(daemonPid);
  const summaries = { direct: summarize(samples.direct), proxied: summarize(samples.proxied) };
  return {
    ...summaries,
    addedP50Ms: summaries.proxied.p50Ms - summaries.direct.p50Ms,
    directPerSecond: directRate.perSecond,
    proxiedPerSecond: proxiedRate.perSecond,
    daemonCpuUsPerRequest:
      cpuBefore === null || cpuAfter === null
        ? null
        : ((cpuAfter - cpuBefore) * 1000) / proxiedRate.requests,
    connections: options.connections,
  };
}
