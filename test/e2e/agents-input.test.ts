import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerOverHttp, type AgentJson } from '../helpers/agents.js';
import { startDaemon, stopDaemon, type TestDaemon } from '../helpers/daemon.js';
import { api, type EventJson, type LockErrorJson } from '../helpers/locks.js';

const ID_RULE = "1-200 characters: letters, digits, '.', '_', ':', '@', '-'";
const PROJECT_RULE = "one identity segment (a-z, 0-9, '.', '_', '-'), e.g. myapp";
const DURATION = 'use a duration such as 500ms, 30s or 10m, at most 365d';

interface Case {
  method: 'GET' | 'POST';
  path: string;
  /** A string goes out as it is. */
  body?: unknown;
  code?: 'INVALID_INPUT' | 'INVALID_IDENTITY' | 'MALFORMED_JSON';
  message: string;
}

const long = 'x'.repeat(201);
const register = (body: unknown, message: string, code?: Case['code']): Case => ({
  method: 'POST',
  path: '/agents',
  body,
  message,
  code,
});

// Every agent route with each kind of bad input it can get; `held` is registered, so a 400 can
// never be confused with a 404.
const cases: Case[] = [
  register({ agent: 'a b' }, `invalid agent id "a b": ${ID_RULE}`),
  register({ agent: long }, `invalid agent id "${long}": ${ID_RULE}`),
  register(
    {},
    'invalid agent registration: agent: Invalid input: expected string, received undefined',
  ),
  register(
    { agent: 7 },
    'invalid agent registration: agent: Invalid input: expected string, received number',
  ),
  register(
    { agent: 'held', colour: 'red' },
    'invalid agent registration: body: Unrecognized key: "colour"',
  ),
  register(
    { agent: 'held', name: '' },
    'invalid agent registration: name: Too small: expected string to have >=1 characters',
  ),
  register(
    { agent: 'held', identity: 'a:b:c:d' },
    'invalid identity "a:b:c:d": has 4 segments, at most 3 allowed (use project[:stack[:context]])',
    'INVALID_IDENTITY',
  ),
  register(
    { agent: 'held', project: 'a:b' },
    `invalid agent registration: project: ${PROJECT_RULE}`,
  ),
  register(
    { agent: 'held', purpose: 'x'.repeat(1001) },
    'invalid agent registration: purpose: Too big: expected string to have <=1000 characters',
  ),
  register(
    { agent: 'held', pid: -1 },
    'invalid agent registration: pid: Too small: expected number to be >0',
  ),
  register(
    { agent: 'held', pid: 1.5 },
    'invalid agent registration: pid: Invalid input: expected int, received number',
  ),
  register({ agent: 'held', timeout: '5x' }, `invalid timeout "5x": ${DURATION}`),
  register({ agent: 'held', timeout: '400d' }, `invalid timeout "400d": ${DURATION}`),
  register({ agent: 'held', timeout: 0.5 }, 'invalid timeout "0.5": at least 1s'),
  register({ agent: 'held', timeout: '500ms' }, 'invalid timeout "500ms": at least 1s'),
  register([1], 'invalid agent registration: body: Invalid input: expected object, received array'),
  register('{"agent":', 'request body is not valid JSON: ', 'MALFORMED_JSON'),
  {
    method: 'POST',
    path: '/agents/a%20b/heartbeat',
    message: `invalid agent id "a b": ${ID_RULE}`,
  },
  {
    method: 'POST',
    path: `/agents/${long}/heartbeat`,
    message: `invalid agent id "${long}": ${ID_RULE}`,
  },
  {
    method: 'GET',
    path: '/agents?all=yes',
    message: 'invalid agent query: all: must be true, false, 1 or 0',
  },
  {
    method: 'GET',
    path: '/agents?project=A:B',
    message: `invalid agent query: project: ${PROJECT_RULE}`,
  },
  {
    method: 'GET',
    path: '/agents?colour=red',
    message: 'invalid agent query: body: Unrecognized key: "colour"',
  },
  { method: 'GET', path: '/agents/a%2Fb', message: `invalid agent id "a/b": ${ID_RULE}` },
  {
    method: 'POST',
    path: '/agents/a%20b/unregister',
    message: `invalid agent id "a b": ${ID_RULE}`,
  },
];

describe('malformed input on the agent routes', () => {
  let daemon: TestDaemon;

  beforeAll(async () => {
    daemon = await startDaemon();
  });
  afterAll(() => stopDaemon(daemon));

  it('answers 400 with a message naming the problem, and changes nothing', async () => {
    const { agent: held } = await registerOverHttp(daemon, { agent: 'held', purpose: 'kept' });
    for (const { method, path, body, code, message } of cases) {
      const answer = await api<LockErrorJson>(daemon, method, path, body);
      const what = `${method} ${path} ${JSON.stringify(body)}`;
      expect(answer.status, what).toBe(400);
      expect(answer.body.error.code, what).toBe(code ?? 'INVALID_INPUT');
      if (code === 'MALFORMED_JSON') expect(answer.body.error.message, what).toMatch(message);
      else expect(answer.body.error.message, what).toBe(message);
    }

    const { body } = await api<{ agents: AgentJson[] }>(daemon, 'GET', '/agents?all=true');
    expect(body.agents).toEqual([held]);
    const log = await api<{ events: EventJson[] }>(daemon, 'GET', '/events?limit=1000');
    const agentEvents = log.body.events.filter((event) => event.type.startsWith('agent.'));
    expect(agentEvents.map((event) => event.type)).toEqual(['agent.registered']);
  });

  it('answers 404 for an unknown agent on every route that names one', async () => {
    for (const [method, path] of [
      ['POST', '/agents/nobody/heartbeat'],
      ['GET', '/agents/nobody'],
      ['POST', '/agents/nobody/unregister'],
    ] as const) {
      const answer = await api<LockErrorJson>(daemon, method, path);
      expect(answer.status, path).toBe(404);
      expect(answer.body.error).toEqual({
        code: 'NOT_FOUND',
        message: 'no agent nobody; register it with: pd agent register',
        details: { agent: 'nobody' },
      });
    }
  });

  it('takes every character an id may hold, keeping its case', async () => {
    const id = 'Agent-1.codex_v2:main@host';
    const { agent } = await registerOverHttp(daemon, { agent: id });
    expect(agent.id).toBe(id);
    const path = `/agents/${encodeURIComponent(id)}`;
    expect((await api(daemon, 'GET', path)).status).toBe(200);
    expect((await api(daemon, 'GET', path.toLowerCase())).status).toBe(404);
    expect((await api(daemon, 'POST', `${path}/heartbeat`)).status).toBe(200);
    const shown = await daemon.cli(['agent', 'show', id, '--json']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ id, state: 'alive' });
  });
});
