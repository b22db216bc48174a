import { expect } from 'vitest';
import { parseJson, type CliResult } from './cli.js';
import type { TestDaemon } from './daemon.js';
import { api } from './locks.js';

/** An agent as `GET /agents/{id}`, `pd agent show --json` and `pd agents --json` print it. */
export interface AgentJson {
  id: string;
  name: string;
  project: string | null;
  identity: string | null;
  purpose: string | null;
  pid: number | null;
  registeredAt: string;
  heartbeatAt: string;
  timeoutMs: number;
  state: 'alive' | 'stale' | 'dead' | 'left';
  staleAt: string | null;
  deadAt: string | null;
  endedAt: string | null;
  endReason: 'pid-dead' | 'timeout' | 'unregistered' | null;
  salvage: 'pending' | 'claimed' | 'dismissed' | null;
}

export interface RegisterJson {
  agent: AgentJson;
  created: boolean;
  deadInProject: AgentJson[];
}

/** Runs a `pd agent ...` command that must succeed. */
export async function agentCli(
  daemon: TestDaemon,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CliResult> {
  const result = await daemon.cli(args, { env });
  expect(result.code, `pd ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result;
}

export async function registerJson(
  daemon: TestDaemon,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<RegisterJson> {
  return parseJson<RegisterJson>(
    await agentCli(daemon, ['agent', 'register', ...args, '--json'], env),
  );
}

/** Setup that is not under test goes over HTTP: quicker than a CLI process on a busy machine. */
export async function registerOverHttp(
  daemon: TestDaemon,
  request: Record<string, unknown>,
): Promise<RegisterJson> {
  const answer = await api<RegisterJson>(daemon, 'POST', '/agents', request);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

/** The agent as the daemon shows it now (404 is a test failure). */
export async function agentOverHttp(daemon: TestDaemon, id: string): Promise<AgentJson> {
  const answer = await api<AgentJson>(daemon, 'GET', `/agents/${encodeURIComponent(id)}`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}
