import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, stderrLines } from '../helpers/cli.js';
import { startDaemon, stopDaemon, waitFor, type TestDaemon } from '../helpers/daemon.js';
import { allEvents } from '../helpers/locks.js';
import { makeRepo, staged, type FileClaimJson } from '../helpers/file-claims.js';

describe('pd files claim, release, check and pd files', () => {
  let daemon: TestDaemon;
  let repo: string;

  beforeAll(async () => {
    daemon = await startDaemon();
    repo = makeRepo({
      'src/auth/login.ts': 'login',
      'src/auth/login.test.ts': 'test',
      'src/index.ts': 'index',
      'docs/guide.md': 'guide',
      'README.md': 'readme',
    });
  });
  afterAll(async () => {
    await stopDaemon(daemon);
    fs.rmSync(repo, { recursive: true, force: true });
  });

  const pd = (args: string[], agent?: string, cwd = repo) =>
    daemon.cli(args, { cwd, env: agent ? { PORT_DADDY_AGENT: agent } : {} });
  const claims = async (args: string[] = []) => {
    const listed = await pd(['files', '--json', ...args]);
    expect(listed.code, listed.stderr).toBe(0);
    return parseJson<FileClaimJson[]>(listed);
  };

  it('refuses an overlapping glob of another agent: exit 1, one line naming the holder', async () => {
    const alice = await pd(['files', 'claim', 'src/auth'], 'alice');
    expect(alice.code, alice.stderr).toBe(0);
    expect(alice.stdout).toMatch(
      /^claimed for alice:\n {2}src\/auth\/\*\* {2}\(exclusive, token \d+\)\n$/,
    );

    const bob = await pd(['files', 'claim', 'docs', 'src/**/*.ts'], 'bob');
    expect(bob.code).toBe(1);
    expect(stderrLines(bob)).toEqual(['pd: src/**/*.ts overlaps src/auth/**, claimed by alice']);
    // All or none: bob's docs claim was not written either.
    expect((await claims()).map((c) => [c.agent, c.pattern])).toEqual([['alice', 'src/auth/**']]);

    const json = await pd(['files', 'claim', 'src/auth/login.ts', '--json'], 'bob');
    expect(json.code).toBe(1);
    expect(parseJson<{ error: unknown }>(json)).toMatchObject({
      error: {
        code: 'FILES_CLAIMED',
        details: {
          conflicts: [
            {
              path: 'src/auth/login.ts',
              pattern: 'src/auth/**',
              holder: { agent: 'alice', session: null, purpose: null },
              shared: false,
              example: 'src/auth/login.ts',
            },
          ],
        },
      },
    });
  });

  it('lets shared claims overlap, and shows who holds what', async () => {
    expect((await pd(['files', 'claim', 'docs', '--shared'], 'bob')).code).toBe(0);
    const carol = await pd(['files', 'claim', 'docs/*.md', '--shared', '--ttl', '30m'], 'carol');
    expect(carol.code, carol.stderr).toBe(0);
    expect(carol.stdout).toMatch(/docs\/\*\.md {2}\(shared, token \d+, expires in (29m|30m)\)/);
    const exclusive = await pd(['files', 'claim', 'docs/guide.md'], 'dave');
    expect(stderrLines(exclusive)).toEqual([
      'pd: docs/guide.md overlaps docs/**, claimed by bob (shared; claim with --shared to share it) (and 1 more conflict)',
    ]);

    const table = await pd(['files']);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^PATTERN\s+AGENT\s+SESSION\s+PURPOSE\s+SHARED\s+TOKEN\s+AGE\s+EXPIRES$/,
    );
    expect(lines.slice(1).map((line) => line.split(/\s+/).slice(0, 5))).toEqual([
      ['docs/**', 'bob', '-', '-', 'yes'],
      ['docs/*.md', 'carol', '-', '-', 'yes'],
      ['src/auth/**', 'alice', '-', '-', 'no'],
    ]);
    const tokens = (await claims()).map((claim) => claim.token);
    expect(new Set(tokens).size).toBe(3);
  });

  it('takes paths relative to the current folder and refuses ones outside the worktree', async () => {
    const sub = path.join(repo, 'src');
    const claimed = await pd(['files', 'claim', 'index.ts', '--json'], 'erin', sub);
    expect(claimed.code, claimed.stderr).toBe(0);
    expect(parseJson<{ claims: FileClaimJson[] }>(claimed).claims[0]).toMatchObject({
      root: repo,
      pattern: 'src/index.ts',
    });
    const outside = await pd(['files', 'claim', '../../elsewhere.ts'], 'erin', sub);
    expect(outside.code).toBe(2);
    expect(stderrLines(outside)).toEqual([
      `pd: invalid path "${path.resolve(repo, '..', 'elsewhere.ts')}": it is outside the worktree root ${repo}`,
    ]);
    const released = await pd(['files', 'release', 'index.ts'], 'erin', sub);
    expect(released.stdout).toBe('released src/index.ts\n');
  });

  it('checks paths: exit 1 with each holder when another session claimed one, else 0', async () => {
    const mine = await pd(['files', 'check', 'src/auth/login.ts', 'src/index.ts'], 'alice');
    expect(mine.code, mine.stderr).toBe(0);
    expect(mine.stdout).toBe('src/auth/login.ts  yours (src/auth/**)\nsrc/index.ts       free\n');
    const theirs = await pd(['files', 'check', 'src/auth/login.ts', 'docs/guide.md'], 'bob');
    expect(theirs.code).toBe(1);
    expect(theirs.stdout).toMatch(
      /^src\/auth\/login\.ts {2}claimed by alice \(src\/auth\/\*\*, exclusive, token \d+\)\ndocs\/guide\.md {6}yours \(docs\/\*\*\)\n$/,
    );
    expect(stderrLines(theirs)).toEqual(['pd: src/auth/login.ts is claimed by another session']);
  });

  it('releases named claims (exit 1 for one not held), then all of an agent', async () => {
    const notHeld = await pd(['files', 'release', 'README.md'], 'bob');
    expect(notHeld.code).toBe(1);
    expect(stderrLines(notHeld)).toEqual([`pd: bob holds no claim on README.md in ${repo}`]);
    expect((await pd(['files', 'release', 'docs'], 'bob')).stdout).toBe('released docs/**\n');
    expect((await pd(['files', 'release'], 'carol')).stdout).toBe('released docs/*.md\n');
    expect((await pd(['files', 'release'], 'carol')).stdout).toBe(
      'carol held no file claims to release\n',
    );
    expect((await claims()).map((c) => c.agent)).toEqual(['alice']);
    const noAgent = await pd(['files', 'claim', 'x.ts']);
    expect(noAgent.code).toBe(2);
    expect(stderrLines(noAgent)).toEqual([
      'pd: no agent id: pass --agent <id>, set PORT_DADDY_AGENT, or run pd agent register / pd begin first',
    ]);
  });

  it('frees a claim whose TTL ran out, with an expired event', async () => {
    const claimed = await pd(['files', 'claim', 'README.md', '--ttl', '1s', '--json'], 'frank');
    expect(claimed.code, claimed.stderr).toBe(0);
    const { token } = parseJson<{ claims: FileClaimJson[] }>(claimed).claims[0]!;
    await waitFor(async () => !(await claims()).some((claim) => claim.agent === 'frank'), 4000);
    // Listings hide an expired claim at once; the reaper's release event follows within 0.5 s.
    const released = await waitFor(async () =>
      (await allEvents(daemon)).find((e) => e.type === 'file.released' && e.data.agent === 'frank'),
    );
    expect(released!.data).toEqual({
      root: repo,
      pattern: 'README.md',
      agent: 'frank',
      session: null,
      shared: false,
      token,
      reason: 'expired',
    });
  });

  it('exits 3 when the daemon is unreachable, and prints help with examples', async () => {
    const down = { PORT_DADDY_URL: 'http://127.0.0.1:9', PORT_DADDY_NO_AUTOSTART: '1' };
    for (const args of [['files'], ['files', 'check', 'a.ts'], ['files', 'claim', 'a.ts']]) {
      const result = await daemon.cli(args, { cwd: repo, env: { ...down, PORT_DADDY_AGENT: 'a' } });
      expect(result.code, args.join(' ')).toBe(3);
      expect(stderrLines(result)[0]).toMatch(/^pd: port-daddy daemon is not reachable at/);
    }
    for (const args of [['files'], ['files', 'claim'], ['files', 'check'], ['add'], ['guard']]) {
      const help = await pd([...args, '--help']);
      expect(help.stdout, args.join(' ')).toContain('Examples:');
    }
  });

  it('pd add refuses a file claimed by another agent, adding nothing, and adds unclaimed ones', async () => {
    const refused = await pd(['add', 'src/auth/login.ts', 'README.md'], 'bob');
    expect(refused.code).toBe(1);
    expect(stderrLines(refused)).toEqual([
      'pd add: nothing added; claimed by another session:',
      expect.stringMatching(
        /^ {2}src\/auth\/login\.ts {2}claimed by alice \(src\/auth\/\*\*, exclusive, token \d+\)$/,
      ),
      'pd: nothing added: src/auth/login.ts is claimed by another session',
    ]);
    expect(staged(repo)).toEqual([]);

    const added = await pd(['add', 'README.md', 'docs'], 'bob');
    expect(added.code, added.stderr).toBe(0);
    expect(staged(repo)).toEqual(['README.md', 'docs/guide.md']);
    const own = await pd(['add', 'src/auth/login.ts'], 'alice');
    expect(own.code, own.stderr).toBe(0);
    expect(staged(repo)).toContain('src/auth/login.ts');
  });
});
