import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimJson, claimOverHttp, claimPort, listJson } from '../helpers/claims.js';
import { startRangeDaemon, stopDaemon, type TestDaemon } from '../helpers/daemon.js';

describe('pd ports, pd find and pd release', () => {
  let daemon: TestDaemon;

  beforeAll(async () => {
    ({ daemon } = await startRangeDaemon(20));
  });
  afterAll(() => stopDaemon(daemon));

  it('lists claims with pd ports and pd list, as a table and as JSON', async () => {
    const port = await claimPort(daemon, 'table:web');
    const owned = await claimJson(daemon, [
      'table:api',
      '--pid',
      String(process.pid),
      '--owner',
      'agent-1',
    ]);

    const table = await daemon.cli(['ports']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^IDENTITY\s+PORT\s+PID\s+ALIVE\s+AGE\s+EXPIRES\s+OWNER$/);
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^table:web\\s+${port}\\s+-\\s+-\\s+\\d+s\\s+-\\s+-$`)),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^table:api\\s+${owned.port}\\s+${process.pid}\\s+yes\\s+\\d+s\\s+-\\s+agent-1$`,
        ),
      ),
    );

    const list = await daemon.cli(['list']);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')[0]).toBe(lines[0]);
    expect(list.stdout).toContain('table:web');

    const json = await listJson(daemon, ['ports']);
    const aliasJson = await listJson(daemon, ['list']);
    expect(aliasJson.map((claim) => claim.identity)).toEqual(json.map((claim) => claim.identity));
    expect(json.find((claim) => claim.identity === 'table:web')).toMatchObject({
      port,
      pid: null,
      alive: null,
    });
    expect(json.find((claim) => claim.identity === 'table:api')).toMatchObject({
      port: owned.port,
      pid: process.pid,
      alive: true,
      owner: 'agent-1',
    });
    // Every listed identity once, every port once.
    expect(new Set(json.map((claim) => claim.identity)).size).toBe(json.length);
    expect(new Set(json.map((claim) => claim.port)).size).toBe(json.length);
  });

  describe('find and release by pattern', () => {
    const identities = [
      'proj',
      'proj:api',
      'proj:api:main',
      'proj:web:main',
      'proj:web:dev',
      'project:api',
      'other:api:main',
    ];
    beforeAll(async () => {
      await Promise.all(identities.map((identity) => claimOverHttp(daemon, identity)));
    });

    const found = async (pattern: string) =>
      (await listJson(daemon, ['find', pattern])).map((claim) => claim.identity);

    it("finds 'proj:*': everything below proj, not proj itself nor project", async () => {
      expect(await found('proj:*')).toEqual([
        'proj:api',
        'proj:api:main',
        'proj:web:dev',
        'proj:web:main',
      ]);
    });

    it("finds 'proj:*:main': any stack of proj in context main", async () => {
      expect(await found('proj:*:main')).toEqual(['proj:api:main', 'proj:web:main']);
    });

    it('finds proj: proj and everything below it, not project', async () => {
      expect(await found('proj')).toEqual([
        'proj',
        'proj:api',
        'proj:api:main',
        'proj:web:dev',
        'proj:web:main',
      ]);
    });

    it('prints a table for matches and a line when nothing matches', async () => {
      const table = await daemon.cli(['find', 'proj:*:main']);
      expect(table.code).toBe(0);
      const rows = table.stdout.trimEnd().split('\n');
      expect(rows).toHaveLength(3);
      expect(rows[0]).toMatch(/^IDENTITY\s+PORT/);
      expect(rows[1]).toMatch(/^proj:api:main\s+\d+\s/);
      expect(rows[2]).toMatch(/^proj:web:main\s+\d+\s/);

      const none = await daemon.cli(['find', 'nomatch:*']);
      expect(none.code).toBe(0);
      expect(none.stdout).toBe('no claims match nomatch:*\n');
    });

    it("releases exactly the claims matching 'proj:*'", async () => {
      const before = await listJson(daemon, ['find', 'proj:*']);
      const result = await daemon.cli(['release', 'proj:*']);
      expect(result.code).toBe(0);
      expect(result.stdout.trimEnd().split('\n')).toEqual(
        before.map((claim) => `released ${claim.identity} (port ${claim.port})`),
      );
      expect(await found('proj')).toEqual(['proj']);
      expect(await found('project')).toEqual(['project:api']);
      expect(await found('other')).toEqual(['other:api:main']);

      const again = await daemon.cli(['release', 'proj:*']);
      expect(again.code).toBe(0);
      expect(again.stdout).toBe('no claims match proj:*\n');
    });
  });

  it('releases exactly the identity named, not the claims below it', async () => {
    const parent = await claimOverHttp(daemon, 'nest');
    const child = await claimOverHttp(daemon, 'nest:api');
    const result = await daemon.cli(['release', 'nest']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`released nest (port ${parent})\n`);
    const left = await listJson(daemon, ['find', 'nest']);
    expect(left.map((claim) => [claim.identity, claim.port])).toEqual([['nest:api', child]]);
  });
});
