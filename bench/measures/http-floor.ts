import { spawn } from 'node:child_process';
import { PdClient } from '../../src/client/index.js';
import type { Cleanup } from '../cleanup.js';
import { msSince, now, summarize, type LatencySummary } from '../stats.js';

// A node:http server that parses the JSON body and answers a claim-sized JSON: no routing, no
// validation, no database. What the daemon does per request can only add to what this costs.
const FLOOR_SERVER = `
const http = require('node:http');
const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = chunks.length === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const at = new Date().toISOString();
    const text = JSON.stringify({ identity: body.identity, port: 12345, pid: null, owner: null,
      alive: null, createdAt: at, updatedAt: at, ttlMs: null, expiresAt: null, revision: 1, existing: true });
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    response.end(text);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write('listening on http://127.0.0.1:' + server.address().port + '\\n'));
`;

export interface HttpFloorResult {
  /** Sequential POSTs on one keep-alive connection. */
  post: LatencySummary;
  /** POSTs/s over N connections. */
  postsPerSecond: number;
}

async function startFloorServer(cleanup: Cleanup): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['-e', FLOOR_SERVER], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  cleanup.add(stop);
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`floor server exited with ${code}`)));
  });
  return { url, stop };
}

/** The same client against a bare node:http server: the machine's floor for the figures above. */
export async function measureHttpFloor(
  cleanup: Cleanup,
  options: { rounds: number; warmup: number; connections: number; requests: number },
): Promise<HttpFloorResult> {
  const server = await startFloorServer(cleanup);
  try {
    return await measureAgainst(server.url, options);
  } finally {
    await server.stop();
  }
}

async function measureAgainst(
  url: string,
  options: { rounds: number; warmup: number; connections: number; requests: number },
): Promise<HttpFloorResult> {
  const one = new PdClient({ url });
  const samples: number[] = [];
  try {
    for (let i = 0; i < options.warmup + options.rounds; i++) {
      const start = now();
      await one.claim({ identity: 'floor:one' });
      if (i >= options.warmup) samples.push(msSince(start));
    }
  } finally {
    one.close();
  }
  const clients = Array.from({ length: options.connections }, () => new PdClient({ url }));
  try {
    const perClient = Math.ceil(options.requests / clients.length);
    const start = now();
    await Promise.all(
      clients.map(async (client, c) => {
        for (let i = 0; i < perClient; i++) await client.claim({ identity: `floor:w${c}` });
      }),
    );
    const seconds = msSince(start) / 1000;
    return { post: summarize(samples), postsPerSecond: (perClient * clients.length) / seconds };
  } finally {
    for (const client of clients) client.close();
  }
}
