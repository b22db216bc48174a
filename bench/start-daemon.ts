import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Cleanup } from './cleanup.js';
import { msSince, now } from './stats.js';

export interface BenchDaemon {
  url: string;
  pid: number;
  home: string;
  /** Env that points `pd` at this daemon and never autostarts another. */
  cliEnv: NodeJS.ProcessEnv;
  /** From spawn until the "listening" line was read. */
  listeningAfterMs: number;
  spawnedAt: bigint;
  stop(): Promise<void>;
}

export interface DaemonOptions {
  cli: string;
  cleanup: Cleanup;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

const STOP_GRACE_MS = 5000;

/**
 * Spawns `pd start --foreground` on port 0 with a fresh temp home and resolves once it prints
 * its URL. The daemon and its temp dir are registered with `cleanup` before anything can fail.
 */
export async function startBenchDaemon(options: DaemonOptions): Promise<BenchDaemon> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-bench-'));
  const home = path.join(dir, 'home');
  // Foreground mode echoes the log to stderr; a file keeps it cheap and readable on failure.
  const stderrPath = path.join(dir, 'daemon.stderr');
  const stderr = fs.openSync(stderrPath, 'w');
  const spawnedAt = now();
  const child = spawn(
    process.execPath,
    ['--max-semi-space-size=2', options.cli, 'start', '--foreground'],
    {
      env: {
        ...process.env,
        NO_COLOR: '1',
        PORT_DADDY_HOME: home,
        PORT_DADDY_URL: 'http://127.0.0.1:0',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', stderr],
    },
  );
  fs.closeSync(stderr);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // No pid: the spawn itself failed, so there is no process to wait for.
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    })());
  options.cleanup.add(stop);

  let stdout = '';
  const url = await new Promise<string>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      let log = '';
      try {
        log = fs.readFileSync(stderrPath, 'utf8');
      } catch {
        // the temp dir may already be gone
      }
      reject(new Error(`bench daemon ${why}\nstdout: ${stdout}\nstderr: ${log}`));
    };
    const timer = setTimeout(() => fail('did not start'), options.timeoutMs ?? 15_000);
    const onExit = (code: number | null, signal: string | null) =>
      fail(`exited (${code ?? signal}) before listening`);
    const onError = (error: Error) => fail(`could not be spawned: ${error.message}`);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        child.off('exit', onExit).off('error', onError);
        resolve(match[1]!);
      }
    });
    child.once('exit', onExit);
    child.once('error', onError);
  });
  const listeningAfterMs = msSince(spawnedAt);
  return {
    url,
    pid: child.pid!,
    home,
    cliEnv: { PORT_DADDY_URL: url, PORT_DADDY_HOME: home, PORT_DADDY_NO_AUTOSTART: '1' },
    listeningAfterMs,
    spawnedAt,
    stop,
  };
}
