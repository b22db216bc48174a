import { spawn, type ChildProcess } from 'node:child_process';
import { expect } from 'vitest';
import { CLI, type CliResult } from './cli.js';
import { waitFor, type TestDaemon } from './daemon.js';

/** A lock as `GET /locks/{name}`, `pd lock --json` and `pd locks --json` print it. */
export interface LockJson {
  name: string;
  owner: string;
  pid: number | null;
  token: number;
  acquiredAt: string;
  ttlMs: number | null;
  expiresAt: string | null;
}

export interface LockErrorJson {
  error: {
    code: string;
    message: string;
    details: {
      holder?: { owner: string; pid: number | null; token: number } | null;
      waiting?: number;
      issues?: { path: string; message: string }[];
      by?: string | null;
    };
  };
}

export interface EventJson {
  id: number;
  type: string;
  subject: string;
  at: string;
  data: {
    owner?: string;
    pid?: number | null;
    token?: number;
    reason?: string;
    by?: string;
  } & Record<string, unknown>;
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
}

/** One HTTP call to the daemon; `body` as a string goes out as it is (for malformed JSON). */
export async function api<T = unknown>(
  daemon: TestDaemon,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Answer<T>> {
  const response = await fetch(daemon.url + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** The lock as the daemon shows it now, or undefined when nobody holds it. */
export async function heldLock(daemon: TestDaemon, name: string): Promise<LockJson | undefined> {
  const { status, body } = await api<LockJson>(daemon, 'GET', `/locks/${name}`);
  if (status === 404) return undefined;
  expect(status).toBe(200);
  return body;
}

/** Setup that is not under test goes over HTTP: quicker than a CLI process on a busy machine. */
export async function lockOverHttp(
  daemon: TestDaemon,
  name: string,
  request: { owner: string; ttl?: string; pid?: number; wait?: string },
): Promise<LockJson> {
  const answer = await api<LockJson>(daemon, 'POST', `/locks/${name}`, request);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

export async function unlockOverHttp(daemon: TestDaemon, name: string, owner: string) {
  const answer = await api(daemon, 'POST', `/locks/${name}/release`, { owner });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
}

/**
 * How many callers are queued for a held lock: a non-waiting acquire is refused with the
 * queue length in its details, and does not join the queue itself.
 */
export async function queued(daemon: TestDaemon, name: string): Promise<number> {
  const answer = await api<LockErrorJson>(daemon, 'POST', `/locks/${name}`, { owner: 'probe' });
  expect(answer.status, JSON.stringify(answer.body)).toBe(409);
  return answer.body.error.details.waiting!;
}

export async function waitQueued(daemon: TestDaemon, name: string, count: number): Promise<void> {
  await waitFor(async () => (await queued(daemon, name)) === count, 10_000, 25);
}

/** Every activity event so far, oldest first, however many pages of 1,000 that takes. */
export async function allEvents(daemon: TestDaemon): Promise<EventJson[]> {
  const events: EventJson[] = [];
  for (;;) {
    const since = events.at(-1)?.id ?? 0;
    const { status, body } = await api<{ events: EventJson[] }>(
      daemon,
      'GET',
      `/events?limit=1000&since=${since}`,
    );
    expect(status).toBe(200);
    events.push(...body.events);
    if (body.events.length < 1000) return events;
  }
}

/** Activity events about one lock, oldest first. */
export async function lockEvents(daemon: TestDaemon, name: string): Promise<EventJson[]> {
  const events = await allEvents(daemon);
  return events.filter((event) => event.subject === name && event.type.startsWith('lock.'));
}

export interface Background {
  child: ChildProcess & { pid: number };
  stdout(): string;
  stderr(): string;
  /** Resolves once the pd process itself has exited (its command may still hold the pipes). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when pd and everything sharing its output are gone, with all it printed. */
  closed: Promise<CliResult>;
}

/** Starts `pd <args>` without waiting for it: a holder or a waiter the test can signal. */
export function startCli(daemon: TestDaemon, args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...daemon.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { pid: number };
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const closed = new Promise<CliResult>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  const background: Background = {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    closed,
  };
  return background;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
