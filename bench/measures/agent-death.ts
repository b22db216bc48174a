import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { PdError, type PdClient } from '../../src/client/index.js';
import { median, msSince, now } from '../stats.js';

export interface DeathResult {
  runs: number;
  /** From kill -9 until the agent's lock and port were both free, in ms, per run. */
  releasedMs: number[];
  releasedMedianMs: number;
  releasedMaxMs: number;
  /** From kill -9 until the agent showed `dead`. */
  deadMedianMs: number;
  /** Runs where nothing was released within GIVE_UP_MS. */
  failures: number;
}

const POLL_MS = 10;
const GIVE_UP_MS = 10_000;
/** The daemon reaps every 500 ms: a random wait before each kill spreads them over its cycle. */
const REAP_INTERVAL_MS = 500;

const isNotFound = (error: unknown) => error instanceof PdError && error.status === 404;

async function lockReleased(client: PdClient, name: string): Promise<boolean> {
  try {
    await client.locks.get(name);
    return false;
  } catch (error) {
    if (isNotFound(error)) return true;
    throw error;
  }
}

async function oneDeath(
  client: PdClient,
  run: number,
): Promise<{ released: number; dead: number }> {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const agent = `bench-dead-${run}`;
    const lock = `bench-dead-lock-${run}`;
    const identity = `benchdead:r${run}`;
    // Owned by the agent, without a pid of their own: only the agent's death can free them.
    await client.agents.register({ agent, identity, pid: child.pid!, timeout: '1h' });
    await client.locks.acquire(lock, { owner: agent });
    await client.claim({ identity, owner: agent });
    await sleep(Math.random() * REAP_INTERVAL_MS);

    child.kill('SIGKILL');
    const killed = now();
    let released = Number.NaN;
    let dead = Number.NaN;
    while (msSince(killed) < GIVE_UP_MS && (Number.isNaN(released) || Number.isNaN(dead))) {
      if (Number.isNaN(released)) {
        const free =
          (await lockReleased(client, lock)) && (await client.claims(identity)).claims.length === 0;
        if (free) released = msSince(killed);
      }
      if (Number.isNaN(dead) && (await client.agents.get(agent)).state === 'dead')
        dead = msSince(killed);
      await sleep(POLL_MS);
    }
    return { released, dead };
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Kills an agent's process `runs` times and times how soon the daemon frees what it held. */
export async function measureDeadAgentRelease(
  client: PdClient,
  runs: number,
): Promise<DeathResult> {
  const released: number[] = [];
  const dead: number[] = [];
  for (let run = 0; run < runs; run++) {
    const times = await oneDeath(client, run);
    released.push(times.released);
    dead.push(times.dead);
  }
  const done = released.filter((ms) => !Number.isNaN(ms));
  return {
    runs,
    releasedMs: released,
    releasedMedianMs: done.length === 0 ? Number.NaN : median(done),
    releasedMaxMs: done.length < runs ? Number.POSITIVE_INFINITY : Math.max(...done),
    deadMedianMs: median(dead.filter((ms) => !Number.isNaN(ms))),
    failures: runs - done.length,
  };
}
