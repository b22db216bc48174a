import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, stopDaemon, type TestDaemon } from '../helpers/daemon.js';
import { api, lockEvents, lockOverHttp, type LockErrorJson } from '../helpers/locks.js';

const NAME_RULE =
  "1-200 characters, a letter or digit first, then letters, digits, '.', '_', ':', '@', '-'";

interface Case {
  method: 'GET' | 'POST';
  path: string;
  /** A string goes out as it is. */
  body?: unknown;
  code?: 'INVALID_INPUT' | 'MALFORMED_JSON';
  message: string;
}

const longName = 'a'.repeat(201);

// Every lock route, with each kind of bad input it can get. `held` is a lock the daemon holds, so
// a 400 can never be confused with a 404 or 403.
const cases: Case[] = [
  {
    method: 'POST',
    path: '/locks/-bad',
    body: { owner: 'a' },
    message: `invalid lock name "-bad": ${NAME_RULE}`,
  },
  {
    method: 'POST',
    path: '/locks/a%20b',
    body: { owner: 'a' },
    message: `invalid lock name "a b": ${NAME_RULE}`,
  },
  {
    method: 'POST',
    path: '/locks/a%2Fb',
    body: { owner: 'a' },
    message: `invalid lock name "a/b": ${NAME_RULE}`,
  },
  {
    method: 'POST',
    path: `/locks/${longName}`,
    body: { owner: 'a' },
    message: 'invalid lock name: name: Too big: expected string to have <=200 characters',
  },
  {
    method: 'POST',
    path: '/locks/held',
    body: { owner: 'a', ttl: '5x' },
    message: 'invalid ttl "5x": use a duration such as 500ms, 30s or 10m, at most 365d',
  },
  {
    method: 'POST',
    path: '/locks/held',
    body: { owner: 'a', ttl: 0 },
    message: 'invalid ttl "0": use a duration such as 500ms, 30s or 10m, at most 365d',
  },
  {
    method: 'POST',
    path: '/locks/held',
    body: { owner: 'a', ttl: '-1s' },
    message: 'invalid ttl "-1s": use a duration such as 500ms, 30s or 10m, at most 365d',
  },
  {
    method: 'POST',
    path: '/locks/held',
    body: { owner: 'a', wait: '2h' },
    message: 'invalid wait "2h": use a duration such as 500ms, 30s or 10m, at most 1h',
  },
  {
    method: 'POST',
    path: '/locks/held',
    body: { owner: 'a', wait: 3601 },
    message: 'invalid wait "3601": use a duration such as 500ms, 30s or 10m, at most 1h',
  },
  {
    method: 'POST',
    path: '/locks/held',
    body: { owner: 'a', wait: 'soon' },
    message: 'invalid wait "soon": use a duration such as 500ms, 30s or 10m, at most 1h',
  },
  {
    method: 'POST',
    path: '/locks/held',
    body: { owner: 'a', colour: 'red' },
    message: 'invalid lock request: body: Unrecognized key: "colour"',
  },
  {
    method: 'POST',
    path: '/locks/held',
    body: { ttl: '1m' },
    message: 'invalid lock request: owner: Invalid input: expected string, received undefined',
  },
  {
    method: 'POST',
    path: '/locks/held',
    body: { owner: '' },
    message: 'invalid lock request: owner: Too small: expected string to have >=1 characters',
  },
  {
    method: 'POST',
    path: '/locks/held',
    body: { owner: 'a', pid: -1 },
    message: 'invalid lock request: pid: Too small: expected number to be >0',
  },
  {
    method: 'POST',
    path: '/locks/held',
    body: [1],
    message: 'invalid lock request: body: Invalid input: expected object, received array',
  },
  {
    method: 'POST',
    path: '/locks/held',
    body: '{"owner":',
    code: 'MALFORMED_JSON',
    message: 'request body is not valid JSON: ',
  },
  {
    method: 'POST',
    path: '/locks/-bad/release',
    body: { owner: 'a' },
    message: `invalid lock name "-bad": ${NAME_RULE}`,
  },
  {
    method: 'POST',
    path: '/locks/held/release',
    body: { owner: 'a', why: 'x' },
    message: 'invalid release request: body: Unrecognized key: "why"',
  },
  {
    method: 'POST',
    path: '/locks/held/release',
    body: { force: 'yes' },
    message: 'invalid release request: force: Invalid input: expected boolean, received string',
  },
  {
    method: 'POST',
    path: '/locks/held/release',
    body: { owner: 5 },
    message: 'invalid release request: owner: Invalid input: expected string, received number',
  },
  {
    method: 'POST',
    path: '/locks/held/release',
    body: 'owner=a',
    code: 'MALFORMED_JSON',
    message: 'request body is not valid JSON: ',
  },
  {
    method: 'POST',
    path: '/locks/-bad/extend',
    body: { owner: 'a' },
    message: `invalid lock name "-bad": ${NAME_RULE}`,
  },
  {
    method: 'POST',
    path: '/locks/held/extend',
    body: {},
    message: 'invalid extend request: owner: Invalid input: expected string, received undefined',
  },
  {
    method: 'POST',
    path: '/locks/held/extend',
    body: { owner: 'holder', ttl: '1y' },
    message: 'invalid ttl "1y": use a duration such as 500ms, 30s or 10m, at most 365d',
  },
  {
    method: 'POST',
    path: '/locks/held/extend',
    body: { owner: 'holder', pid: 1 },
    message: 'invalid extend request: body: Unrecognized key: "pid"',
  },
  {
    method: 'POST',
    path: '/locks/held/extend',
    body: '{owner: holder}',
    code: 'MALFORMED_JSON',
    message: 'request body is not valid JSON: ',
  },
  { method: 'GET', path: '/locks/-bad', message: `invalid lock name "-bad": ${NAME_RULE}` },
  {
    method: 'GET',
    path: `/locks/${longName}`,
    message: 'invalid lock name: name: Too big: expected string to have <=200 characters',
  },
];

describe('malformed input on the lock routes', () => {
  let daemon: TestDaemon;

  beforeAll(async () => {
    daemon = await startDaemon();
  });
  afterAll(() => stopDaemon(daemon));

  it('answers 400 with a message naming the problem, and changes nothing', async () => {
    const held = await lockOverHttp(daemon, 'held', { owner: 'holder', ttl: '10m' });
    for (const { method, path, body, code, message } of cases) {
      const answer = await api<LockErrorJson>(daemon, method, path, body);
      const what = `${method} ${path} ${JSON.stringify(body)}`;
      expect(answer.status, what).toBe(400);
      expect(answer.body.error.code, what).toBe(code ?? 'INVALID_INPUT');
      if (code === 'MALFORMED_JSON') expect(answer.body.error.message, what).toMatch(message);
      else expect(answer.body.error.message, what).toBe(message);
    }

    const { body } = await api<{ locks: unknown[] }>(daemon, 'GET', '/locks');
    expect(body.locks).toEqual([held]);
    expect((await lockEvents(daemon, 'held')).map((event) => event.type)).toEqual([
      'lock.acquired',
    ]);
  });

  it('takes every character a name may hold, keeping its case', async () => {
    const name = 'Db-1.migrate_v2:main@host';
    const locked = await daemon.cli(['lock', name, '--owner', 'alice', '--json']);
    expect(locked.code, locked.stderr).toBe(0);
    expect(JSON.parse(locked.stdout)).toMatchObject({ name, owner: 'alice' });
    const listed = await daemon.cli(['locks']);
    expect(listed.stdout).toMatch(new RegExp(`^${name}\\s+alice\\s`, 'm'));
    // Names are not folded to lower case, unlike port identities.
    expect((await api(daemon, 'GET', `/locks/${name.toLowerCase()}`)).status).toBe(404);
    const unlocked = await daemon.cli(['unlock', name, '--owner', 'alice']);
    expect(unlocked.stdout).toBe(`unlocked ${name}\n`);
  });

  it('exits 2 on the CLI with the same one-line messages', async () => {
    const badName = await daemon.cli(['lock', 'my lock!']);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toBe(`pd: invalid lock name "my lock!": ${NAME_RULE}\n`);

    const badWait = await daemon.cli(['lock', 'held', '--wait', '2h', '--owner', 'x']);
    expect(badWait.code).toBe(2);
    expect(badWait.stderr).toBe(
      'pd: invalid wait "2h": use a duration such as 500ms, 30s or 10m, at most 1h\n',
    );

    const badTtl = await daemon.cli(['lock', 'held', '--ttl', '5x']);
    expect(badTtl.code).toBe(2);
    expect(badTtl.stderr).toContain("option '--ttl <duration>' argument '5x' is invalid");

    const badUnlock = await daemon.cli(['unlock', 'a/b', '--force']);
    expect(badUnlock.code).toBe(2);
    expect(badUnlock.stderr).toBe(`pd: invalid lock name "a/b": ${NAME_RULE}\n`);
  });
});
