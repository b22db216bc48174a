import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CLI, runCli, type CliResult, type RunOptions } from './cli.js';
import { freeRange, rangeEnv } from './processes.js';

export interface TestDaemon {
  url: string;
  port: number;
  home: string;
  pid: number;
  process: ChildProcess;
  /** Environment that points the CLI at this daemon (and never autostarts another). */
  env: NodeJS.ProcessEnv;
  /** Everything the daemon printed so far. */
  output(): string;
  cli(args: string[], options?: RunOptions): Promise<CliResult>;
  /** Graceful stop (SIGTERM); resolves when the process has exited. */
  stop(): Promise<void>;
  /** Kills the process outright: no cleanup runs. */
  kill(): Promise<void>;
  /** Removes the temp home; call after stop. */
  cleanup(): void;
}

export function makeTempHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pd-test-'));
}

/** A port the OS says is free right now (bound to port 0, then closed). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface StartOptions {
  home?: string;
  /** 0 (default) lets the OS choose. */
  port?: number;
  env?: NodeJS.ProcessEnv;
}

/** Starts `pd start --foreground` on a free port with a temp home and waits until it serves. */
export async function startDaemon(options: StartOptions = {}): Promise<TestDaemon> {
  const home = options.home ?? makeTempHome();
  const child = spawn(process.execPath, [CLI, 'start', '--foreground'], {
    env: {
      ...process.env,
      NO_COLOR: '1',
      PORT_DADDY_HOME: home,
      PORT_DADDY_URL: `http://127.0.0.1:${options.port ?? 0}`,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`daemon did not start:\n${output}`)), 15_000);
    const onData = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`daemon exited with ${code}:\n${output}`));
    });
  });
  const env = {
    PORT_DADDY_URL: url,
    PORT_DADDY_HOME: home,
    PORT_DADDY_NO_AUTOSTART: '1',
    ...options.env,
  };
  const waitExit = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url,
    port: Number(new URL(url).port),
    home,
    pid: child.pid!,
    process: child,
    env,
    output: () => output,
    cli: (args, runOptions = {}) =>
      runCli(args, { ...runOptions, env: { ...env, ...runOptions.env } }),
    stop: () => waitExit('SIGTERM'),
    kill: () => waitExit('SIGKILL'),
    cleanup: () => fs.rmSync(home, { recursive: true, force: true }),
  };
}

/** Starts a daemon that hands out only the `size` ports of a range nothing listens on. */
export async function startRangeDaemon(
  size: number,
): Promise<{ daemon: TestDaemon; range: { start: number; end: number } }> {
  const range = await freeRange(size);
  return { daemon: await startDaemon({ env: rangeEnv(range) }), range };
}

/** Stops a daemon (if it started at all) and removes its temp home: the usual afterAll. */
export async function stopDaemon(daemon: TestDaemon | undefined): Promise<void> {
  await daemon?.stop();
  daemon?.cleanup();
}

/** Polls until `check` returns a truthy value or the timeout passes. */
export async function waitFor<T>(
  check: () => Promise<T> | T,
  timeoutMs = 5000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}
