import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../helpers/cli.js';
import { startDaemon, stopDaemon, type TestDaemon } from '../helpers/daemon.js';
import { api } from '../helpers/locks.js';

interface ErrorJson {
  error: { code: string; message: string };
}

describe('snapshots: bad input on every route and command', () => {
  let daemon: TestDaemon;
  let repo: string;
  // A snapshot that exists ({id} in the routes), so a 400 can never be confused with a 404.
  let id: number;

  beforeAll(async () => {
    daemon = await startDaemon({ env: { PORT_DADDY_AGENT: 'input-agent' } });
    repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pd-snap-input-')));
    execFileSync('git', ['init', '-q'], { cwd: repo });
    fs.writeFileSync(path.join(repo, 'a.txt'), 'a');
    const claimed = await daemon.cli(['files', 'claim', 'a.txt'], { cwd: repo });
    expect(claimed.code, claimed.stderr).toBe(0);
    const listed = await daemon.cli(['snapshots', 'a.txt', '--json'], { cwd: repo });
    id = parseJson<{ id: number }[]>(listed)[0]!.id;
  });
  afterAll(async () => {
    await stopDaemon(daemon);
    fs.rmSync(repo, { recursive: true, force: true });
  });

  const cases: [method: 'GET' | 'POST', route: string, body: unknown, message: string][] = [
    ['GET', '/snapshots?limit=0', undefined, 'invalid query: limit: Too small'],
    ['GET', '/snapshots?limit=1001', undefined, 'invalid query: limit: Too big'],
    ['GET', '/snapshots?limit=many', undefined, 'invalid query: limit:'],
    ['GET', '/snapshots?root=repo', undefined, 'invalid query: root: must be an absolute path'],
    [
      'GET',
      '/snapshots?path=%2Fetc%2Fpasswd',
      undefined,
      'invalid query: path: must be a path relative to the root',
    ],
    ['GET', '/snapshots?colour=red', undefined, 'invalid query: body: Unrecognized key'],
    ['GET', '/snapshots/abc', undefined, 'invalid snapshot id: id:'],
    ['GET', '/snapshots/0', undefined, 'invalid snapshot id: id: Too small'],
    ['GET', '/snapshots/1.5', undefined, 'invalid snapshot id: id:'],
    ['GET', '/snapshots/{id}?raw=yes', undefined, 'invalid query: raw: must be 1, true'],
    ['POST', '/snapshots/abc/restore', {}, 'invalid snapshot id: id:'],
    ['POST', '/snapshots/{id}/restore', { force: true }, 'invalid restore request: body'],
    ['POST', '/snapshots/{id}/restore', { agent: 'no spaces' }, 'agent: not an agent id'],
    ['POST', '/snapshots/{id}/restore', { agent: 7 }, 'invalid restore request: agent'],
    ['POST', '/snapshots/{id}/restore', [], 'invalid restore request: body'],
  ];

  it.each(cases)('%s %s answers 400', async (method, route, body, message) => {
    const answer = await api<ErrorJson>(daemon, method, route.replace('{id}', String(id)), body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('INVALID_INPUT');
    expect(answer.body.error.message).toContain(message);
  });

  it('answers 400 MALFORMED_JSON to a restore body that is not JSON, and restores nothing', async () => {
    fs.writeFileSync(path.join(repo, 'a.txt'), 'edited');
    const answer = await api<ErrorJson>(daemon, 'POST', `/snapshots/${id}/restore`, '{oops');
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('MALFORMED_JSON');
    expect(fs.readFileSync(path.join(repo, 'a.txt'), 'utf8')).toBe('edited');
  });

  it('rejects bad ids and options in the CLI with a usage error (exit 2)', async () => {
    for (const args of [
      ['snapshots', 'show', 'abc'],
      ['snapshots', 'show', '0'],
      ['snapshots', 'restore', '-1'],
      ['snapshots', '--limit', '0'],
    ]) {
      const result = await daemon.cli(args, { cwd: repo });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/invalid|unknown option/);
    }
  });

  it('says so when a file has no snapshots', async () => {
    const result = await daemon.cli(['snapshots', 'never-claimed.txt'], { cwd: repo });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('no snapshots of never-claimed.txt\n');
  });
});
