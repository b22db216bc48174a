import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

export interface GroupSpawnOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Runs a command line the user wrote in their config through /bin/sh, as the leader of a new
 * process group (detached), so that everything it starts (npm -> node -> esbuild ...) can be
 * signalled at once with process.kill(-pid).
 */
export function spawnGroup(command: string, options: GroupSpawnOptions): ChildProcess {
  return spawn('/bin/sh', ['-c', command], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Sends a signal to every process of a group; false when the group is gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  // -0 would be our own group, -1 every process we may signal.
  if (!Number.isInteger(pgid) || pgid <= 1) return false;
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a process group still has a running member. Orphaned grandchildren are re-parented to
 * pid 1, and a container's pid 1 may never reap them: a group of zombies counts as gone (read
 * from /proc where there is one).
 */
export function groupAlive(pgid: number): boolean {
  if (!signalGroup(pgid, 0)) return false;
  if (!fs.existsSync('/proc/self/stat')) return true;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X') return true;
  }
  return false;
}

function readStat(pid: string): { state: string; pgrp: number } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', pgrp: Number(fields[2]) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid)) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * Stops a whole process group: SIGTERM, then SIGKILL for whatever is left after `graceMs`.
 * Resolves once nothing in the group runs any more (or a last short wait after SIGKILL passed).
 */
export async function stopGroup(pgid: number, graceMs: number): Promise<void> {
  if (!signalGroup(pgid, 'SIGTERM')) return;
  if (await waitGone(pgid, graceMs)) return;
  signalGroup(pgid, 'SIGKILL');
  await waitGone(pgid, 2000);
}

/** SIGKILL for a group, now: the second Ctrl-C. */
export function killGroup(pgid: number): void {
  signalGroup(pgid, 'SIGKILL');
}
