import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export interface MemorySample {
  rssMb: number;
  /** Peak RSS so far (Linux only). */
  peakRssMb: number | null;
  /**
   * Proportional set size (Linux only): RSS with shared pages split between their users. Most of
   * an idle daemon's RSS is the node binary's own pages, which every node process shares.
   */
  pssMb: number | null;
}

function readPssMb(pid: number): number | null {
  try {
    const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const pss = kbField(rollup, 'Pss');
    return pss === null ? null : pss / 1024;
  } catch {
    return null;
  }
}

const kbField = (status: string, name: string): number | null => {
  const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : null;
};

/** Resident memory of a process: /proc on Linux, `ps` elsewhere. */
export function readMemory(pid: number): MemorySample {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = kbField(status, 'VmRSS');
    if (rss !== null) {
      const peak = kbField(status, 'VmHWM');
      return {
        rssMb: rss / 1024,
        peakRssMb: peak === null ? null : peak / 1024,
        pssMb: readPssMb(pid),
      };
    }
  } catch {
    // not Linux: fall through to ps
  }
  const rssKb = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }));
  return { rssMb: rssKb / 1024, peakRssMb: null, pssMb: null };
}

// USER_HZ is 100 on every mainstream Linux build.
const CLOCK_TICKS_PER_SECOND = 100;

/** User+system CPU time a process has used, in ms; null where /proc is missing. */
export function readCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
