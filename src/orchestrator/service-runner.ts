import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { parseDuration } from '../api/duration.js';
import type { ServiceConfig } from './config-schema.js';
import { formatDuration } from './format-duration.js';
import { splitLines } from './line-splitter.js';
import { killGroup, spawnGroup, stopGroup } from './process-group.js';
import {
  describeProbe,
  probeOnce,
  probeTcp,
  readinessProbe,
  type ReadinessProbe,
} from './readiness.js';
import { RestartBackoff } from './restart-backoff.js';
import { ServiceStartError } from './service-start-error.js';
import type { ServiceStatus, SupervisorHooks } from './supervisor-types.js';

export interface ServiceRunnerOptions {
  project: string;
  name: string;
  identity: string;
  config: ServiceConfig;
  port: number;
  /** The cmd with its ports filled in. */
  command: string;
  /** Absolute. */
  cwd: string;
  /** The whole environment of the service, PORT included. */
  env: NodeJS.ProcessEnv;
  graceMs: number;
  hooks: Pick<SupervisorHooks, 'onStatus' | 'onLog'>;
  now: () => number;
}

export const DEFAULT_READY_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RESTARTS = 5;
const DEFAULT_BACKOFF_MS = 1000;
const LAST_LINES = 20;
const POLL_MS = 150;
const PROBE_TIMEOUT_MS = 1000;

interface Run {
  pid: number | undefined;
  startedAt: number;
  exited: boolean;
  exit: Promise<Exit>;
}

interface Exit {
  code: number;
  /** exited with code 1, was killed by SIGKILL, could not start: ... */
  description: string;
}

/**
 * One service's life: spawn it, wait until it is ready, restart it by its policy, stop its whole
 * process group. Every state change goes to hooks.onStatus.
 */
export class ServiceRunner {
  /** Resolves the first time the service is ready; rejects if it fails or stops before. */
  readonly ready: Promise<void>;
  private settle!: { resolve: () => void; reject: (error: Error) => void };
  private current: ServiceStatus;
  private readonly lines: string[] = [];
  private run: Run | undefined;
  private everReady = false;
  private readonly stopRequest = new AbortController();
  private loopDone: Promise<void> | undefined;

  constructor(private readonly options: ServiceRunnerOptions) {
    this.ready = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    // Whoever awaits `ready` sees the rejection; nobody awaiting it is not an error.
    this.ready.catch(() => undefined);
    this.current = {
      project: options.project,
      name: options.name,
      identity: options.identity,
      state: 'pending',
      pid: null,
      port: options.port,
      restarts: 0,
      startedAt: null,
      exitCode: null,
      message: null,
    };
  }

  get status(): ServiceStatus {
    return { ...this.current };
  }

  /** What it printed last, for a failure report. */
  get lastLines(): string[] {
    return [...this.lines];
  }

  private get stopping(): boolean {
    return this.stopRequest.signal.aborted;
  }

  start(): void {
    if (this.loopDone || this.stopping) return;
    this.loopDone = this.loop().catch((error: unknown) =>
      this.fail(`supervisor error: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  /** SIGTERM to its process group, SIGKILL after the grace period; resolves once all are gone. */
  async stop(): Promise<void> {
    const wasStopping = this.stopping;
    this.stopRequest.abort();
    const run = this.run;
    if (!wasStopping && run?.pid !== undefined && !run.exited && this.current.state !== 'failed')
      this.update({ state: 'stopping' });
    if (run?.pid !== undefined) await stopGroup(run.pid, this.options.graceMs);
    const exit = run ? await run.exit : undefined;
    await this.loopDone;
    this.settle.reject(this.startError('stopped before it was ready'));
    if (this.current.state !== 'failed' && this.current.state !== 'stopped')
      this.update({ state: 'stopped', pid: null, exitCode: exit?.code ?? null, message: null });
  }

  /** SIGKILL to its process group, at once. */
  kill(): void {
    this.stopRequest.abort();
    if (this.run?.pid !== undefined) killGroup(this.run.pid);
  }

  private async loop(): Promise<void> {
    const { config } = this.options;
    const probe = readinessProbe(config);
    const readyTimeoutMs = durationMs(config.readyTimeout, DEFAULT_READY_TIMEOUT_MS);
    const maxRestarts = config.maxRestarts ?? DEFAULT_MAX_RESTARTS;
    const policy = config.restart ?? 'never';
    const backoff = new RestartBackoff({
      initialMs: durationMs(config.restartBackoff, DEFAULT_BACKOFF_MS),
      maxRestarts,
    });
    for (;;) {
      const run = this.spawnRun();
      const outcome = await this.waitReady(run, probe, readyTimeoutMs);
      if (outcome === 'stopped') return;
      if (outcome === 'timeout') {
        if (run.pid !== undefined) await stopGroup(run.pid, this.options.graceMs);
        await run.exit;
        const never = `${describeProbe(probe)} on port ${this.options.port} never succeeded`;
        return this.fail(`not ready after ${formatDuration(readyTimeoutMs)}: ${never}`);
      }
      const exit = await run.exit;
      // Whatever the leader left behind (a dev server's watcher...) goes with it.
      if (run.pid !== undefined) await stopGroup(run.pid, this.options.graceMs);
      if (this.stopping) return;
      const failed = exit.code !== 0;
      if (!(policy === 'always' || (policy === 'on-failure' && failed))) {
        if (failed || !this.everReady) {
          const when = this.everReady ? '' : ' before it was ready';
          return this.fail(`${exit.description}${when}`, exit.code);
        }
        return this.update({ state: 'stopped', pid: null, exitCode: 0, message: exit.description });
      }
      const wait = backoff.next(this.options.now() - run.startedAt);
      if (wait === undefined) {
        const gaveUp = maxRestarts > 0 ? `; gave up after ${maxRestarts} restarts in a row` : '';
        return this.fail(`${exit.description}${gaveUp}`, exit.code);
      }
      this.update({
        state: 'restarting',
        pid: null,
        exitCode: exit.code,
        restarts: this.current.restarts + 1,
        message: `${exit.description}; restart ${backoff.restartsInARow}/${maxRestarts} in ${formatDuration(wait)}`,
      });
      await delay(wait, undefined, { signal: this.stopRequest.signal }).catch(() => undefined);
      if (this.stopping) return;
    }
  }

  private spawnRun(): Run {
    const { command, cwd, env } = this.options;
    const child = spawnGroup(command, { cwd, env });
    const run: Run = {
      pid: child.pid,
      startedAt: this.options.now(),
      exited: false,
      exit: waitExit(child),
    };
    void run.exit.then(() => (run.exited = true));
    splitLines(child.stdout!, (line) => this.log('stdout', line));
    splitLines(child.stderr!, (line) => this.log('stderr', line));
    this.run = run;
    this.update({
      state: 'starting',
      pid: child.pid ?? null,
      startedAt: run.startedAt,
      exitCode: null,
      message: null,
    });
    return run;
  }

  /** Polls the probe until it succeeds, the run exits, the timeout passes or stop is called. */
  private async waitReady(
    run: Run,
    probe: ReadinessProbe,
    timeoutMs: number,
  ): Promise<'ready' | 'exited' | 'timeout' | 'stopped'> {
    const { port, cwd, env } = this.options;
    const deadline = run.startedAt + timeoutMs;
    for (;;) {
      if (this.stopping) return 'stopped';
      if (run.exited) return 'exited';
      const ok = await probeOnce(probe, { port, cwd, env, timeoutMs: PROBE_TIMEOUT_MS });
      if (this.stopping) return 'stopped';
      if (run.exited) return 'exited';
      if (ok) {
        await this.markReady(probe);
        return 'ready';
      }
      if (this.options.now() >= deadline) {
        // The first start fails outright (pd up must not hang); a restart keeps being checked.
        if (!this.everReady) return 'timeout';
        if (this.current.state !== 'unhealthy')
          this.update({
            state: 'unhealthy',
            message: `not ready ${formatDuration(timeoutMs)} after a restart; still checking`,
          });
      }
      const signal = this.stopRequest.signal;
      await Promise.race([delay(POLL_MS, undefined, { signal }).catch(() => undefined), run.exit]);
    }
  }

  private async markReady(probe: ReadinessProbe): Promise<void> {
    const { port } = this.options;
    let message: string | null = null;
    // A health command can pass while the server listens elsewhere: it ignored PORT.
    if (probe.kind === 'cmd' && !(await probeTcp(port, PROBE_TIMEOUT_MS)))
      message = `ready, but nothing listens on its port ${port}: it ignored PORT (pass it the port, e.g. --port \${PORT})`;
    this.everReady = true;
    this.update({ state: 'ready', message });
    this.settle.resolve();
  }

  private log(stream: 'stdout' | 'stderr', line: string): void {
    this.lines.push(line);
    if (this.lines.length > LAST_LINES) this.lines.shift();
    this.options.hooks.onLog(this.options.name, stream, line);
  }

  private fail(message: string, exitCode?: number): void {
    this.update({
      state: 'failed',
      pid: null,
      exitCode: exitCode ?? this.current.exitCode,
      message,
    });
    this.settle.reject(this.startError(message));
  }

  private startError(reason: string): ServiceStartError {
    return new ServiceStartError(this.options.name, reason, this.lastLines);
  }

  private update(change: Partial<ServiceStatus>): void {
    this.current = { ...this.current, ...change };
    this.options.hooks.onStatus(this.status);
  }
}

/** How long after its exit a process's last output may still be on the way. */
const OUTPUT_DRAIN_MS = 250;

function waitExit(child: ChildProcess): Promise<Exit> {
  // 'close' comes once its output is read to the end, unless a grandchild still holds the pipes.
  const closed = new Promise((resolve) => child.once('close', resolve));
  return new Promise((resolve) => {
    child.once('error', (error) =>
      resolve({ code: 127, description: `could not start: ${error.message}` }),
    );
    child.once('exit', (code, signal) => {
      const number = signal ? (os.constants.signals[signal] ?? 0) : 0;
      const exit =
        code !== null
          ? { code, description: `exited with code ${code}` }
          : { code: 128 + number, description: `was killed by ${signal ?? 'a signal'}` };
      void Promise.race([closed, delay(OUTPUT_DRAIN_MS)]).then(() => resolve(exit));
    });
  });
}

function durationMs(value: string | number | undefined, fallback: number): number {
  return value === undefined ? fallback : (parseDuration(value) ?? fallback);
}
