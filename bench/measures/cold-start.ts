import { PdClient } from '../../src/client/index.js';
import type { Cleanup } from '../cleanup.js';
import { startBenchDaemon } from '../start-daemon.js';
import { median, msSince } from '../stats.js';
import { readCpuMs, readMemory } from './process-stats.js';

export interface ColdStartResult {
  runs: number;
  /** Median time from spawn until GET /health answered. */
  healthyMs: number;
  /** Median time from spawn until the "listening" line was printed. */
  listeningMs: number;
  healthySamplesMs: number[];
  /** Median CPU the daemon process used until healthy: steadier than wall time on a busy box. */
  cpuMsAtHealthy: number | null;
  /** RSS right after the first /health, per run. */
  rssAtHealthyMb: number[];
}

/** Spawns `pd start --foreground` on a fresh temp home each run and times it to a healthy answer. */
export async function measureColdStart(
  cli: string,
  cleanup: Cleanup,
  runs: number,
): Promise<ColdStartResult> {
  const healthy: number[] = [];
  const listening: number[] = [];
  const rss: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < runs; run++) {
    const daemon = await startBenchDaemon({ cli, cleanup });
    const client = new PdClient({ url: daemon.url });
    try {
      await client.health();
      healthy.push(msSince(daemon.spawnedAt));
      listening.push(daemon.listeningAfterMs);
      rss.push(readMemory(daemon.pid).rssMb);
      const cpuMs = readCpuMs(daemon.pid);
      if (cpuMs !== null) cpu.push(cpuMs);
    } finally {
      client.close();
      await daemon.stop();
    }
  }
  return {
    runs,
    healthyMs: median(healthy),
    listeningMs: median(listening),
    healthySamplesMs: healthy,
    cpuMsAtHealthy: cpu.length === 0 ? null : median(cpu),
    rssAtHealthyMb: rss,
  };
}
