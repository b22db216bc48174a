import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Cleanup } from '../cleanup.js';
import { RespClient } from '../resp-client.js';
import { msSince, now, summarize, type LatencySummary } from '../stats.js';
import { measureBus, type Bus, type PubSubResult, type PubSubSettings } from './pubsub.js';

export type RedisResult =
  { skipped: string } | { version: string; lock: LatencySummary; pubsub: PubSubResult };

interface RedisServer {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

const NOT_INSTALLED = "redis: not installed (npm run bench:redis installs Debian's redis-server)";

/** The bench never installs anything: without redis-server on PATH it says so and moves on. */
function redisServerPath(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const where = found.stdout.trim();
  return found.status === 0 && where !== '' ? where : undefined;
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A throwaway redis on loopback: no persistence, its own temp dir, stopped by `cleanup`. */
async function startRedis(binary: string, cleanup: Cleanup): Promise<RedisServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-bench-redis-'));
  const port = await freeLoopbackPort();
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  cleanup.add(stop);
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) break;
    try {
      const probe = await RespClient.connect(port);
      const pong = await probe.command('PING');
      probe.close();
      if (pong === 'PONG') return { port, pid: child.pid!, stop };
    } catch {
      await sleep(50);
    }
  }
  await stop();
  throw new Error(`redis-server did not answer PING on port ${port}`);
}

/** SET NX PX then DEL on one connection: the lock loop the daemon's lock figure is set against. */
async function lockLoop(port: number, rounds: number, warmup: number): Promise<LatencySummary> {
  const client = await RespClient.connect(port);
  const samples: number[] = [];
  try {
    for (let i = 0; i < warmup + rounds; i++) {
      const start = now();
      const set = await client.command('SET', 'bench-lock', 'bench', 'NX', 'PX', 30_000);
      if (set !== 'OK') throw new Error(`SET NX answered ${String(set)}`);
      await client.command('DEL', 'bench-lock');
      if (i >= warmup) samples.push(msSince(start));
    }
  } finally {
    client.close();
  }
  return summarize(samples);
}

/** Redis: PUBLISH on a command connection, one SUBSCRIBE connection per subscriber. */
function redisBus(server: RedisServer): Bus {
  return {
    pid: server.pid,
    async subscribe(channel, count, onMessage) {
      const clients = await Promise.all(
        Array.from({ length: count }, async () => {
          const client = await RespClient.connect(server.port);
          client.onPush = (push) => onMessage(String(push[2]));
          await client.command('SUBSCRIBE', channel);
          return client;
        }),
      );
      return () => clients.forEach((client) => client.close());
    },
    async openPublisher() {
      const client = await RespClient.connect(server.port);
      return {
        publish: (channel, payload) => client.command('PUBLISH', channel, payload),
        close: () => client.close(),
      };
    },
  };
}

/** The same lock and pub/sub loops against redis-server, when it is installed. */
export async function measureRedis(
  cleanup: Cleanup,
  settings: { lockRounds: number; lockWarmup: number; pubsub: PubSubSettings },
): Promise<RedisResult> {
  const binary = redisServerPath();
  if (!binary) return { skipped: NOT_INSTALLED };
  const version = /v=(\S+)/.exec(
    spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout,
  )?.[1];
  const server = await startRedis(binary, cleanup);
  try {
    const lock = await lockLoop(server.port, settings.lockRounds, settings.lockWarmup);
    const pubsub = await measureBus(redisBus(server), settings.pubsub);
    return { version: version ?? 'unknown', lock, pubsub };
  } finally {
    await server.stop();
  }
}
