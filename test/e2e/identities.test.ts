import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimJson, listJson, post, type ErrorJson } from '../helpers/claims.js';
import { stderrLines } from '../helpers/cli.js';
import { startRangeDaemon, stopDaemon, type TestDaemon } from '../helpers/daemon.js';

describe('bad identities', () => {
  let daemon: TestDaemon;

  beforeAll(async () => {
    ({ daemon } = await startRangeDaemon(20));
  });
  afterAll(() => stopDaemon(daemon));

  const bad: [string, RegExp][] = [
    ['bad id', /invalid identity "bad id": project segment "bad id" must start with/],
    ['a:b:c:d', /invalid identity "a:b:c:d": has 4 segments, at most 3/],
    ['', /invalid identity "": is empty/],
    ['a'.repeat(65), /project segment is 65 characters, at most 64 allowed/],
    ['-x', /invalid identity "-x": project segment "-x" must start with a letter or digit/],
    ['a::b', /invalid identity "a::b": stack segment is empty/],
  ];

  it.each(bad)('pd claim %j exits 2 with one clear line', async (identity, message) => {
    const result = await daemon.cli(['claim', '--', identity]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = stderrLines(result);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^pd: /);
    expect(lines[0]).toMatch(message);
  });

  it.each(bad)('POST /claims %j answers 400 INVALID_IDENTITY', async (identity, message) => {
    const http = await post(daemon, '/claims', { identity });
    expect(http.status).toBe(400);
    const { error } = http.body as ErrorJson;
    expect(error.code).toBe('INVALID_IDENTITY');
    expect(error.message).toMatch(message);
    expect(error.details).toMatchObject({ identity });
  });

  it('accepts a 64-character segment and stores none of the bad ones', async () => {
    const long = 'b'.repeat(64);
    expect((await claimJson(daemon, [long])).identity).toBe(long);
    const all = await listJson(daemon, ['ports']);
    const names = all.map((claim) => claim.identity);
    expect(names).not.toContain('bad id');
    expect(names.some((name) => name.startsWith('a:') || name === '-x')).toBe(false);
  });

  it('treats an unknown option as a usage error', async () => {
    const result = await daemon.cli(['claim', '-x']);
    expect(result.code).toBe(2);
    expect(stderrLines(result)).toEqual(["error: unknown option '-x'"]);
  });
});
