import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI } from './cli.js';
import type { TestDaemon } from './daemon.js';

const SERVER = fileURLToPath(new URL('../fixtures/services/server.mjs', import.meta.url));

/** The command line of the fixture dev server with these flags (see its header). */
export function serverCmd(...flags: Array<string | number>): string {
  return [process.execPath, SERVER, ...flags.map(String)].map((part) => `'${part}'`).join(' ');
}

const CHECK_HEALTH = fileURLToPath(
  new URL('../fixtures/services/check-health.mjs', import.meta.url),
);

/** A healthCmd that passes when GET /health on `port` (default $PORT) answers 2xx. */
export function healthCheckCmd(port?: number): string {
  return `'${process.execPath}' '${CHECK_HEALTH}'${port === undefined ? '' : ` ${port}`}`;
}

/** A temp folder holding a .portdaddyrc with this content (an object, or raw text). */
export function writeProject(config: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-up-'));
  const text = typeof config === 'string' ? config : JSON.stringify(config, null, 2);
  fs.writeFileSync(path.join(dir, '.portdaddyrc'), text);
  return dir;
}

export interface StatusLine {
  type: 'status';
  at: number;
  name: string;
  identity: string;
  state: string;
  pid: number | null;
  port: number | null;
  restarts: number;
  exitCode: number | null;
  message: string | null;
  lastLines?: string[];
}

export interface UpProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** The --json status lines printed so far. */
  statuses(): StatusLine[];
  /** Resolves with the exit code (or signal) once pd up has exited. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** Every pid it started: service group leaders, and any pid a fixture printed. */
  pids(): number[];
  /** SIGKILL to pd up and to the process group of every service it started. */
  killAll(): void;
}

/** Runs `pd up --json <args>` in `cwd` against the test daemon, without waiting for it. */
export function startUp(daemon: TestDaemon, cwd: string, args: string[] = []): UpProcess {
  const child = spawn(process.execPath, [CLI, 'up', '--json', ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...daemon.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  const lines = () =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { type: string; line?: string });
  const statuses = () => lines().filter((line): line is StatusLine => line.type === 'status');
  const pids = () => {
    const leaders = statuses().flatMap((status) => (status.pid ? [status.pid] : []));
    const printed = lines().flatMap((line) => {
      const match = /^(?:pid|grandchild) (\d+)/.exec(line.line ?? '');
      return match ? [Number(match[1])] : [];
    });
    return [...new Set([...leaders, ...printed])];
  };
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    statuses,
    exited,
    pids,
    killAll: () => {
      child.kill('SIGKILL');
      for (const pid of pids()) {
        for (const target of [-pid, pid]) {
          try {
            process.kill(target, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
    },
  };
}

/** True while a process runs: a zombie nobody reaped (pid 1 in a container) does not count. */
export function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    if (fs.existsSync('/proc/self/stat')) return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The first status line matching, e.g. { name: 'api', state: 'ready' }. */
export function findStatus(
  statuses: StatusLine[],
  match: Partial<StatusLine>,
): StatusLine | undefined {
  return statuses.find((status) =>
    Object.entries(match).every(([key, value]) => status[key as keyof StatusLine] === value),
  );
}
