import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, stopDaemon, type TestDaemon } from '../helpers/daemon.js';
import { api, type LockErrorJson } from '../helpers/locks.js';
import type { BeginJson, SessionJson } from '../helpers/sessions.js';

interface Case {
  method: 'GET' | 'POST';
  path: string;
  /** A string goes out as it is. */
  body?: unknown;
  code?: 'INVALID_INPUT' | 'MALFORMED_JSON' | 'INVALID_IDENTITY';
  /** A part of the message that names the problem. */
  says: string;
}

const UNKNOWN = 'ses-000000000000';
const begin = (extra: Record<string, unknown>) => ({ agent: 'a', purpose: 'p', ...extra });

// `{id}` is replaced by the id of a live session, so a 400 can never be a 404 in disguise.
const cases: Case[] = [
  { method: 'POST', path: '/sessions', body: {}, says: 'agent: Invalid input: expected string' },
  {
    method: 'POST',
    path: '/sessions',
    body: begin({ agent: 'a b' }),
    says: 'agent: not an agent id',
  },
  { method: 'POST', path: '/sessions', body: begin({ purpose: '  ' }), says: 'purpose: Too small' },
  {
    method: 'POST',
    path: '/sessions',
    body: begin({ colour: 'red' }),
    says: 'Unrecognized key: "colour"',
  },
  {
    method: 'POST',
    path: '/sessions',
    body: begin({ timeout: '5x' }),
    says: 'invalid timeout "5x"',
  },
  { method: 'POST', path: '/sessions', body: begin({ pid: 0 }), says: 'pid: Too small' },
  {
    method: 'POST',
    path: '/sessions',
    body: begin({ project: '-x' }),
    says: 'project: one identity segment',
  },
  {
    method: 'POST',
    path: '/sessions',
    body: begin({ worktree: 'rel/path' }),
    says: 'worktree: must be an absolute path',
  },
  {
    method: 'POST',
    path: '/sessions',
    body: begin({ files: { root: 'repo', paths: ['a'] } }),
    says: 'files.root: must be an absolute path',
  },
  {
    method: 'POST',
    path: '/sessions',
    body: begin({ files: { root: '/tmp', paths: [] } }),
    says: 'files.paths: Too small',
  },
  {
    method: 'POST',
    path: '/sessions',
    body: begin({ identity: 'bad identity!' }),
    code: 'INVALID_IDENTITY',
    says: 'bad identity!',
  },
  { method: 'POST', path: '/sessions', body: [1], says: 'expected object, received array' },
  {
    method: 'POST',
    path: '/sessions',
    body: '{"agent":',
    code: 'MALFORMED_JSON',
    says: 'not valid JSON',
  },
  { method: 'GET', path: '/sessions?all=maybe', says: 'all: must be true, false, 1 or 0' },
  { method: 'GET', path: '/sessions?agent=a%20b', says: 'agent: not an agent id' },
  { method: 'GET', path: '/sessions?colour=red', says: 'Unrecognized key: "colour"' },
  { method: 'GET', path: '/sessions/ses-xyz', says: 'id: not a session id' },
  {
    method: 'POST',
    path: '/sessions/nope/phase',
    body: { phase: 'testing' },
    says: 'not a session id',
  },
  {
    method: 'POST',
    path: '/sessions/{id}/phase',
    body: { phase: 'shipping' },
    says: 'phase: Invalid option',
  },
  { method: 'POST', path: '/sessions/{id}/phase', body: {}, says: 'phase: Invalid option' },
  {
    method: 'POST',
    path: '/sessions/{id}/phase',
    body: 'testing',
    code: 'MALFORMED_JSON',
    says: 'not valid JSON',
  },
  { method: 'POST', path: '/sessions/{id}/notes', body: { text: '' }, says: 'text: Too small' },
  {
    method: 'POST',
    path: '/sessions/{id}/notes',
    body: { text: 'x', type: 'rant' },
    says: 'type: Invalid option',
  },
  {
    method: 'POST',
    path: '/sessions/{id}/notes',
    body: { text: 'x', pinned: 'yes' },
    says: 'pinned: Invalid input',
  },
  {
    method: 'POST',
    path: '/sessions/{id}/notes',
    body: { text: 'x', agent: 'a b' },
    says: 'agent: not an agent id',
  },
  {
    method: 'POST',
    path: '/sessions/{id}/notes',
    body: { text: 'x'.repeat(65_537) },
    says: 'text: Too big',
  },
  {
    method: 'POST',
    path: '/sessions/{id}/done',
    body: { summary: 5 },
    says: 'summary: Invalid input',
  },
  {
    method: 'POST',
    path: '/sessions/{id}/done',
    body: { why: 1 },
    says: 'Unrecognized key: "why"',
  },
  { method: 'GET', path: '/sessions/{id}/notes?limit=0', says: 'limit: Too small' },
  {
    method: 'GET',
    path: '/sessions/{id}/notes?since=yesterday',
    says: 'since: must be an ISO 8601 time',
  },
  { method: 'GET', path: '/notes?session=ses-1', says: 'session: not a session id' },
  { method: 'GET', path: '/notes?limit=5000', says: 'limit: Too big' },
  { method: 'GET', path: '/notes?project=-x', says: 'project: one identity segment' },
  { method: 'GET', path: '/notes?colour=red', says: 'Unrecognized key: "colour"' },
];

describe('bad input and unknown sessions on the session routes', () => {
  let daemon: TestDaemon;
  let live: SessionJson;

  beforeAll(async () => {
    daemon = await startDaemon();
    live = (await api<BeginJson>(daemon, 'POST', '/sessions', { agent: 'keeper', purpose: 'stay' }))
      .body.session;
  });
  afterAll(() => stopDaemon(daemon));

  it('answers 400 with a message naming the problem, and changes nothing', async () => {
    for (const { method, path, body, code, says } of cases) {
      const url = path.replace('{id}', live.id);
      const answer = await api<LockErrorJson>(daemon, method, url, body);
      const what = `${method} ${url} ${JSON.stringify(body)?.slice(0, 80)}`;
      expect(answer.status, what).toBe(400);
      expect(answer.body.error.code, what).toBe(code ?? 'INVALID_INPUT');
      expect(answer.body.error.message, what).toContain(says);
    }
    const { body } = await api<{ sessions: SessionJson[] }>(daemon, 'GET', '/sessions?all=1');
    expect(body.sessions).toEqual([live]);
    expect((await api(daemon, 'GET', '/agents/a')).status).toBe(404);
  });

  it('answers 404 for an unknown session on every route', async () => {
    const routes: [method: 'GET' | 'POST', path: string, body?: unknown][] = [
      ['GET', `/sessions/${UNKNOWN}`],
      ['GET', `/sessions/${UNKNOWN}/notes`],
      ['POST', `/sessions/${UNKNOWN}/phase`, { phase: 'testing' }],
      ['POST', `/sessions/${UNKNOWN}/notes`, { text: 'hello' }],
      ['POST', `/sessions/${UNKNOWN}/done`, { summary: 'x' }],
    ];
    for (const [method, path, body] of routes) {
      const answer = await api<LockErrorJson>(daemon, method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.error).toMatchObject({
        code: 'NOT_FOUND',
        message: `no session ${UNKNOWN}`,
      });
    }
    const cli = await daemon.cli(['note', 'hi', '--session', UNKNOWN]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toBe(`pd: no session ${UNKNOWN}\n`);
    const badId = await daemon.cli(['notes', '--session', 'ses-1']);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toBe(
      'pd: invalid query: session: not a session id (ses- and 12 hex digits)\n',
    );
  });

  it('exits 3 when no daemon answers', async () => {
    const down = await daemon.cli(['sessions'], {
      env: { PORT_DADDY_URL: 'http://127.0.0.1:9', PORT_DADDY_NO_AUTOSTART: '1' },
    });
    expect(down.code).toBe(3);
    expect(down.stderr).toContain('port-daddy daemon is not reachable at http://127.0.0.1:9');
  });
});
