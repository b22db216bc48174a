import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, stopDaemon, type TestDaemon } from '../helpers/daemon.js';
import { makeRepo, type FileClaimJson } from '../helpers/file-claims.js';
import { api } from '../helpers/locks.js';

interface Case {
  method: 'GET' | 'POST';
  path: string;
  /** A string goes out as it is. */
  body?: unknown;
  code?: 'INVALID_INPUT' | 'MALFORMED_JSON';
  message: string;
}

interface ErrorJson {
  error: { code: string; message: string; details: Record<string, unknown> };
}

const AGENT_RULE = "not an agent id: 1-200 characters: letters, digits, '.', '_', ':', '@', '-'";

// Every file route with each kind of bad input it can get; `root` is a real repo where `held`
// holds src/**, so a 400 can never be confused with a 409 or 404.
function cases(root: string): Case[] {
  const claim = (body: unknown, message: string, code?: Case['code']): Case => ({
    method: 'POST',
    path: '/files/claims',
    body,
    message,
    ...(code ? { code } : {}),
  });
  const ok = { agent: 'other', root, paths: ['README.md'] };
  return [
    claim(
      { root, paths: ['a'] },
      'invalid file claim request: agent: Invalid input: expected string, received undefined',
    ),
    claim({ ...ok, agent: 'a b' }, `invalid file claim request: agent: ${AGENT_RULE}`),
    claim(
      { agent: 'other', paths: ['a'] },
      'invalid file claim request: root: Invalid input: expected string, received undefined',
    ),
    claim(
      { ...ok, root: 'relative/dir' },
      'invalid root "relative/dir": it must be an absolute path',
    ),
    claim({ ...ok, root: '/no/such/folder' }, 'invalid root "/no/such/folder": no such folder'),
    claim(
      { ...ok, paths: [] },
      'invalid file claim request: paths: Too small: expected array to have >=1 items',
    ),
    claim(
      { ...ok, paths: 'README.md' },
      'invalid file claim request: paths: Invalid input: expected array, received string',
    ),
    claim(
      { ...ok, paths: Array.from({ length: 1001 }, (_, i) => `f${i}`) },
      'invalid file claim request: paths: Too big: expected array to have <=1000 items',
    ),
    claim({ ...ok, paths: [''] }, 'invalid path: it is empty'),
    claim(
      { ...ok, paths: ['ok.ts', '../up.ts'] },
      `invalid path "../up.ts": it escapes the worktree root ${root}`,
    ),
    claim({ ...ok, paths: ['a\0b'] }, 'invalid path "a\0b": it contains a NUL byte'),
    claim(
      { ...ok, paths: ['/etc/passwd'] },
      `invalid path "/etc/passwd": it is outside the worktree root ${root}`,
    ),
    claim({ ...ok, paths: ['!src/**'] }, 'invalid path "!src/**": negated globs cannot be claimed'),
    claim(
      { ...ok, ttl: '5x' },
      'invalid ttl "5x": use a duration such as 500ms, 30s or 10m, at most 365d',
    ),
    claim(
      { ...ok, ttl: 0 },
      'invalid ttl "0": use a duration such as 500ms, 30s or 10m, at most 365d',
    ),
    claim(
      { ...ok, shared: 'yes' },
      'invalid file claim request: shared: Invalid input: expected boolean, received string',
    ),
    claim({ ...ok, colour: 'red' }, 'invalid file claim request: body: Unrecognized key: "colour"'),
    claim([ok], 'invalid file claim request: body: Invalid input: expected object, received array'),
    claim('{"agent":', 'request body is not valid JSON: ', 'MALFORMED_JSON'),
    {
      method: 'POST',
      path: '/files/release',
      body: {},
      message:
        'invalid file release request: agent: Invalid input: expected string, received undefined',
    },
    {
      method: 'POST',
      path: '/files/release',
      body: { agent: 'held', paths: ['src'] },
      message: 'invalid release request: paths need a root',
    },
    {
      method: 'POST',
      path: '/files/release',
      body: { agent: 'held', root: 'rel', paths: ['src'] },
      message: 'invalid root "rel": it must be an absolute path',
    },
    {
      method: 'POST',
      path: '/files/release',
      body: { agent: 'held', root, paths: ['../x'] },
      message: `invalid path "../x": it escapes the worktree root ${root}`,
    },
    {
      method: 'POST',
      path: '/files/release',
      body: { agent: 'held', force: true },
      message: 'invalid file release request: body: Unrecognized key: "force"',
    },
    {
      method: 'POST',
      path: '/files/release',
      body: 'agent=held',
      code: 'MALFORMED_JSON',
      message: 'request body is not valid JSON: ',
    },
    {
      method: 'GET',
      path: '/files?root=rel',
      message: 'invalid root "rel": it must be an absolute path',
    },
    { method: 'GET', path: '/files?agent=a%20b', message: `invalid query: agent: ${AGENT_RULE}` },
    {
      method: 'GET',
      path: '/files?colour=red',
      message: 'invalid query: body: Unrecognized key: "colour"',
    },
    {
      method: 'GET',
      path: '/files?released=maybe',
      message: 'invalid query: released: must be true, false, 1 or 0',
    },
    {
      method: 'POST',
      path: '/files/check',
      body: { agent: 'held', paths: ['a'] },
      message:
        'invalid file check request: root: Invalid input: expected string, received undefined',
    },
    {
      method: 'POST',
      path: '/files/check',
      body: { agent: 'held', root, paths: [] },
      message: 'invalid file check request: paths: Too small: expected array to have >=1 items',
    },
    {
      method: 'POST',
      path: '/files/check',
      body: { root, paths: ['/etc/passwd'] },
      message: `invalid path "/etc/passwd": it is outside the worktree root ${root}`,
    },
    {
      method: 'POST',
      path: '/files/check',
      body: { agent: 'a/b', root, paths: ['a'] },
      message: `invalid file check request: agent: ${AGENT_RULE}`,
    },
    {
      method: 'POST',
      path: '/files/check',
      body: '[',
      code: 'MALFORMED_JSON',
      message: 'request body is not valid JSON: ',
    },
  ];
}

describe('malformed input on the file claim routes', () => {
  let daemon: TestDaemon;
  let repo: string;

  beforeAll(async () => {
    daemon = await startDaemon();
    repo = makeRepo({ 'src/a.ts': 'a', 'README.md': 'readme' });
  });
  afterAll(async () => {
    await stopDaemon(daemon);
    fs.rmSync(repo, { recursive: true, force: true });
  });

  it('answers 400 with a message naming the problem, and changes nothing', async () => {
    const held = await api(daemon, 'POST', '/files/claims', {
      agent: 'held',
      root: repo,
      paths: ['src'],
    });
    expect(held.status).toBe(200);
    for (const { method, path, body, code, message } of cases(repo)) {
      const answer = await api<ErrorJson>(daemon, method, path, body);
      expect({ method, path, status: answer.status }).toEqual({ method, path, status: 400 });
      expect(answer.body.error.code, path).toBe(code ?? 'INVALID_INPUT');
      if (code === 'MALFORMED_JSON') expect(answer.body.error.message).toContain(message);
      else expect(answer.body.error.message).toBe(message);
    }
    const after = await api<{ claims: FileClaimJson[] }>(daemon, 'GET', '/files');
    expect(after.body.claims.map((c) => [c.agent, c.pattern])).toEqual([['held', 'src/**']]);
  });

  it('answers 404 for an unknown session or a path the agent does not hold', async () => {
    const session = await api<ErrorJson>(daemon, 'POST', '/files/claims', {
      agent: 'other',
      session: 'ses-000000000000',
      root: repo,
      paths: ['README.md'],
    });
    expect(session.status).toBe(404);
    expect(session.body.error.message).toBe('no session ses-000000000000');
    const release = await api<ErrorJson>(daemon, 'POST', '/files/release', {
      agent: 'held',
      root: repo,
      paths: ['README.md'],
    });
    expect(release.status).toBe(404);
    expect(release.body.error).toMatchObject({
      code: 'NOT_FOUND',
      message: `held holds no claim on README.md in ${repo}`,
      details: { agent: 'held', root: repo, missing: ['README.md'] },
    });
  });

  it('answers 409 FILES_CLAIMED over HTTP with each conflict', async () => {
    const answer = await api<ErrorJson>(daemon, 'POST', '/files/claims', {
      agent: 'other',
      root: repo,
      paths: ['README.md', 'src/**/*.ts'],
    });
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({
      code: 'FILES_CLAIMED',
      message: 'src/**/*.ts overlaps src/**, claimed by held',
      details: {
        conflicts: [
          {
            path: 'src/**/*.ts',
            pattern: 'src/**',
            holder: { agent: 'held', session: null, purpose: null },
            shared: false,
            example: 'src/a.ts',
          },
        ],
      },
    });
  });
});
