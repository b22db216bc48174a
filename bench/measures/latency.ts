import { PdClient } from '../../src/client/index.js';
import { msSince, now, summarize, type LatencySummary } from '../stats.js';
import { readCpuMs } from './process-stats.js';

export interface LatencyOptions {
  rounds: number;
  warmup: number;
}

export interface PhaseLatency extends LatencySummary {
  /** CPU time per request: robust where wall time is noisy (a shared or busy machine). */
  daemonCpuUsPerOp: number | null;
  clientCpuUsPerOp: number;
}

export interface LatencyResult {
  /** POST /claims of a released identity (OS probe + insert) then POST /claims/release. */
  claimRelease: PhaseLatency;
  /** POST /claims of an identity that is already held: no probe, no write. */
  claimHeld: PhaseLatency;
  /** POST /locks/{name} then POST /locks/{name}/release (issue 4). */
  lockRelease: PhaseLatency;
  /** GET /health: the floor set by HTTP, routing and the client. */
  health: PhaseLatency;
}

async function time(rounds: number, step: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = new Array<number>(rounds);
  for (let i = 0; i < rounds; i++) {
    const start = now();
    await step(i);
    samples[i] = msSince(start);
  }
  return samples;
}

async function phase(
  daemonPid: number,
  options: LatencyOptions,
  step: (i: number) => Promise<unknown>,
): Promise<PhaseLatency> {
  await time(options.warmup, step);
  const daemonBefore = readCpuMs(daemonPid);
  const clientBefore = process.cpuUsage();
  const samples = await time(options.rounds, step);
  const client = process.cpuUsage(clientBefore);
  const daemonAfter = readCpuMs(daemonPid);
  return {
    ...summarize(samples),
    daemonCpuUsPerOp:
      daemonBefore === null || daemonAfter === null
        ? null
        : ((daemonAfter - daemonBefore) * 1000) / options.rounds,
    clientCpuUsPerOp: (client.user + client.system) / options.rounds,
  };
}

/** Sequential requests from one client, so they share one keep-alive connection. */
export async function measureLatency(
  url: string,
  daemonPid: number,
  options: LatencyOptions,
): Promise<LatencyResult> {
  const client = new PdClient({ url });
  try {
    const cycle = async (i: number) => {
      // 50 identities in turn: each is released before it comes round again.
      const identity = `bench:latency:c${i % 50}`;
      await client.claim({ identity });
      await client.release(identity);
    };
    const claimRelease = await phase(daemonPid, options, cycle);

    const held = 'bench:latency:held';
    await client.claim({ identity: held });
    const claimHeld = await phase(daemonPid, options, () => client.claim({ identity: held }));
    await client.release(held);

    const lockCycle = async () => {
      await client.locks.acquire('bench-lock', { owner: 'bench' });
      await client.locks.release('bench-lock', { owner: 'bench' });
    };
    const lockRelease = await phase(daemonPid, options, lockCycle);

    const health = await phase(daemonPid, options, () => client.health());
    return { claimRelease, claimHeld, lockRelease, health };
  } finally {
    client.close();
  }
}
