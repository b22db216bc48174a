import { expect } from 'vitest';
import { parseJson } from './cli.js';
import type { TestDaemon } from './daemon.js';

/** A claim as `pd claim --json`, `pd ports --json` and `POST /claims` print it. */
export interface ClaimJson {
  identity: string;
  port: number;
  pid: number | null;
  owner: string | null;
  alive: boolean | null;
  createdAt: string;
  updatedAt: string;
  ttlMs: number | null;
  expiresAt: string | null;
  revision: number;
  existing: boolean;
}

export interface ErrorJson {
  error: { code: string; message: string; details: Record<string, unknown> };
}

export async function claimJson(daemon: TestDaemon, args: string[]): Promise<ClaimJson> {
  const result = await daemon.cli(['claim', ...args, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return parseJson<ClaimJson>(result);
}

export async function claimPort(daemon: TestDaemon, identity: string): Promise<number> {
  const result = await daemon.cli(['claim', identity, '-q']);
  expect(result.code, result.stderr).toBe(0);
  return Number(result.stdout.trim());
}

/** Runs a listing command (`ports`, `list`, `find`) with --json and returns its claims. */
export async function listJson(daemon: TestDaemon, args: string[]): Promise<ClaimJson[]> {
  const result = await daemon.cli([...args, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return parseJson<ClaimJson[]>(result);
}

export async function post(daemon: TestDaemon, path: string, body: unknown) {
  const response = await fetch(daemon.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

/** Setup that is not under test goes over HTTP: quicker than a CLI process on a busy machine. */
export async function claimOverHttp(daemon: TestDaemon, identity: string): Promise<number> {
  const { status, body } = await post(daemon, '/claims', { identity });
  expect(status).toBe(200);
  return (body as ClaimJson).port;
}
