import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, type CliResult } from '../helpers/cli.js';
import { freePort, makeTempHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { close, freeRange, listen, rangeEnv } from '../helpers/processes.js';

interface ClaimJson {
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

interface ErrorJson {
  error: { code: string; message: string; details: Record<string, unknown> };
}

async function claimJson(daemon: TestDaemon, args: string[]): Promise<ClaimJson> {
  const result = await daemon.cli(['claim', ...args, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return parseJson<ClaimJson>(result);
}

async function claimPort(daemon: TestDaemon, identity: string): Promise<number> {
  const result = await daemon.cli(['claim', identity, '-q']);
  expect(result.code, result.stderr).toBe(0);
  return Number(result.stdout.trim());
}

async function listJson(daemon: TestDaemon, args: string[]): Promise<ClaimJson[]> {
  const result = await daemon.cli([...args, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return parseJson<ClaimJson[]>(result);
}

async function post(daemon: TestDaemon, path: string, body: unknown) {
  const response = await fetch(daemon.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

/** Setup that is not under test goes over HTTP: quicker than a CLI process on a busy machine. */
async function claimOverHttp(daemon: TestDaemon, identity: string): Promise<number> {
  const { status, body } = await post(daemon, '/claims', { identity });
  expect(status).toBe(200);
  return (body as ClaimJson).port;
}

function stderrLines(result: CliResult): string[] {
  return result.stderr.split('\n').filter((line) => line.trim() !== '');
}

describe('port claims through the CLI', () => {
  let daemon: TestDaemon;
  let range: { start: number; end: number };

  beforeAll(async () => {
    range = await freeRange(100);
    daemon = await startDaemon({ env: rangeEnv(range) });
  });
  afterAll(async () => {
    await daemon?.stop();
    daemon?.cleanup();
  });

  it('gives the same identity the same port, and says it already holds it', async () => {
    const first = await daemon.cli(['claim', 'same:api']);
    const second = await daemon.cli(['claim', 'same:api']);
    expect(first.code).toBe(0);
    const port = /^same:api claimed port (\d+)\n$/.exec(first.stdout)?.[1];
    expect(port, first.stdout).toBeDefined();
    expect(Number(port)).toBeGreaterThanOrEqual(range.start);
    expect(Number(port)).toBeLessThanOrEqual(range.end);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(`same:api holds port ${port}\n`);
  });

  it('gives the same port again after pd release', async () => {
    const before = await claimJson(daemon, ['again:api']);
    const released = await daemon.cli(['release', 'again:api']);
    expect(released.code).toBe(0);
    expect(released.stdout).toBe(`released again:api (port ${before.port})\n`);
    expect(await listJson(daemon, ['ports', 'again:api'])).toEqual([]);

    const after = await claimJson(daemon, ['again:api']);
    expect(after).toMatchObject({ identity: 'again:api', port: before.port, existing: false });
    expect(after.revision).toBeGreaterThan(before.revision);
  });

  it('gives different identities different ports', async () => {
    const identities = Array.from({ length: 12 }, (_, i) => `distinct:svc${i}`);
    const ports = await Promise.all(identities.map((identity) => claimPort(daemon, identity)));
    expect(new Set(ports).size).toBe(identities.length);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(range.start);
      expect(port).toBeLessThanOrEqual(range.end);
    }
  });

  it('normalises an identity to lower case', async () => {
    const mixed = await claimJson(daemon, ['MyApp:API:Main']);
    expect(mixed).toMatchObject({ identity: 'myapp:api:main', existing: false });
    const lower = await claimJson(daemon, ['myapp:api:main']);
    expect(lower).toMatchObject({ identity: 'myapp:api:main', port: mixed.port, existing: true });
    const listed = await listJson(daemon, ['ports', 'myapp']);
    expect(listed.map((claim) => claim.identity)).toEqual(['myapp:api:main']);
  });

  it('prints only the port with -q', async () => {
    const result = await daemon.cli(['claim', 'quiet:web', '-q']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+\n$/);
    expect(result.stderr).toBe('');
    const [claim] = await listJson(daemon, ['ports', 'quiet:web']);
    expect(claim?.port).toBe(Number(result.stdout));
  });

  it('prints the claim as JSON with --json', async () => {
    const before = Date.now();
    const plain = await claimJson(daemon, ['shape:api']);
    expect(Object.keys(plain).sort()).toEqual(
      [
        'alive',
        'createdAt',
        'existing',
        'expiresAt',
        'identity',
        'owner',
        'pid',
        'port',
        'revision',
        'ttlMs',
        'updatedAt',
      ].sort(),
    );
    expect(plain).toMatchObject({
      identity: 'shape:api',
      pid: null,
      owner: null,
      alive: null,
      expiresAt: null,
      ttlMs: null,
      existing: false,
    });
    expect(Number.isInteger(plain.port)).toBe(true);
    expect(Number.isInteger(plain.revision)).toBe(true);
    expect(Date.parse(plain.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(plain.createdAt)).toBeLessThanOrEqual(Date.now() + 1000);

    const leased = await claimJson(daemon, [
      'shape:db',
      '--pid',
      String(process.pid),
      '--owner',
      'agent-7',
      '--ttl',
      '10m',
    ]);
    expect(leased).toMatchObject({
      identity: 'shape:db',
      pid: process.pid,
      owner: 'agent-7',
      alive: true,
      ttlMs: 600_000,
      existing: false,
    });
    const expiresIn = Date.parse(leased.expiresAt!) - Date.parse(leased.createdAt);
    expect(expiresIn).toBe(600_000);
  });

  it('grants a growing revision (fencing token) to each new claim and keeps it on re-claim', async () => {
    const revisions: number[] = [];
    for (const identity of ['fence:a', 'fence:b', 'fence:c'])
      revisions.push((await claimJson(daemon, [identity])).revision);
    expect(revisions[1]).toBeGreaterThan(revisions[0]!);
    expect(revisions[2]).toBeGreaterThan(revisions[1]!);

    const again = await claimJson(daemon, ['fence:a']);
    expect(again).toMatchObject({ existing: true, revision: revisions[0] });
  });

  it('refuses --port N held by another identity: exit 1 naming the holder, HTTP 409 PORT_TAKEN', async () => {
    const port = await claimPort(daemon, 'holder:api');

    const result = await daemon.cli(['claim', 'thief:api', '--port', String(port)]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(stderrLines(result)).toEqual([`pd: port ${port} is claimed by holder:api`]);

    const json = await daemon.cli(['claim', 'thief:api', '--port', String(port), '--json']);
    expect(json.code).toBe(1);
    expect(parseJson<ErrorJson>(json).error.code).toBe('PORT_TAKEN');

    const http = await post(daemon, '/claims', { identity: 'thief:api', port });
    expect(http.status).toBe(409);
    expect(http.body).toMatchObject({
      error: {
        code: 'PORT_TAKEN',
        message: expect.stringContaining('holder:api'),
        details: { port, holder: { identity: 'holder:api' } },
      },
    });
    expect(await listJson(daemon, ['ports', 'thief'])).toEqual([]);
  });

  it('grants --port N when nobody holds it', async () => {
    const port = await freePort();
    const claim = await claimJson(daemon, ['exact:api', '--port', String(port)]);
    expect(claim).toMatchObject({ identity: 'exact:api', port, existing: false });
  });

  it('refuses --port N that another process listens on: exit 1, HTTP 409 PORT_IN_USE', async () => {
    const { server, port } = await listen(0, '127.0.0.1');
    try {
      const result = await daemon.cli(['claim', 'busy:api', '--port', String(port)]);
      expect(result.code).toBe(1);
      expect(stderrLines(result)).toHaveLength(1);
      expect(result.stderr).toContain(`port ${port} is in use`);

      const http = await post(daemon, '/claims', { identity: 'busy:api', port });
      expect(http.status).toBe(409);
      expect(http.body).toMatchObject({ error: { code: 'PORT_IN_USE', details: { port } } });
      expect(await listJson(daemon, ['ports', 'busy'])).toEqual([]);
    } finally {
      await close(server);
    }
  });

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

  describe('pd who', () => {
    it('names the claim on a claimed port', async () => {
      const claim = await claimJson(daemon, ['who:api', '--owner', 'agent-9']);
      const result = await daemon.cli(['who', String(claim.port)]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`port ${claim.port}\n`);
      expect(result.stdout).toMatch(/claimed by who:api \(owner agent-9\), since \d+s ago/);
      expect(result.stdout).toContain('nothing listens on it right now');

      const json = parseJson<{ port: number; claim: ClaimJson | null; listeners: unknown[] }>(
        await daemon.cli(['who', String(claim.port), '--json']),
      );
      expect(json).toMatchObject({
        port: claim.port,
        claim: { identity: 'who:api', owner: 'agent-9' },
        listeners: [],
      });
    });

    it.each(['127.0.0.1', '::'])('names the process listening on %s', async (host) => {
      const { server, port } = await listen(0, host);
      try {
        const result = await daemon.cli(['who', String(port)]);
        expect(result.code).toBe(0);
        expect(result.stdout).toContain('not claimed through port-daddy');
        expect(result.stdout).toContain(`listening on ${host} by pid ${process.pid}:`);

        const json = parseJson<{ claim: unknown; listeners: { pid: number; address: string }[] }>(
          await daemon.cli(['who', String(port), '--json']),
        );
        expect(json.claim).toBeNull();
        expect(json.listeners).toEqual([
          expect.objectContaining({ pid: process.pid, address: host }),
        ]);
      } finally {
        await close(server);
      }
    });

    it('says a port is free when nobody claimed it and nothing listens', async () => {
      const port = await freePort();
      const result = await daemon.cli(['who', String(port)]);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(
        `port ${port} is free: nobody claimed it and nothing listens on it\n`,
      );
    });
  });

  describe('bad identities', () => {
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
});

describe('a port another process has bound is skipped', () => {
  // Four ports only, so which port comes next is fully determined.
  let tiny: TestDaemon;
  let range: { start: number; end: number };

  beforeAll(async () => {
    range = await freeRange(4);
    tiny = await startDaemon({ env: rangeEnv(range) });
  });
  afterAll(async () => {
    await tiny?.stop();
    tiny?.cleanup();
  });

  it.each(['127.0.0.1', '0.0.0.0'])(
    'skips the home port while something listens on %s, and never hands it out',
    async (host) => {
      const prefix = `skip${host.replace(/\./g, '')}`;
      const home = await claimPort(tiny, `${prefix}:a`);
      expect(home).toBeGreaterThanOrEqual(range.start);
      expect(home).toBeLessThanOrEqual(range.end);
      expect((await tiny.cli(['release', `${prefix}:a`])).code).toBe(0);

      let server: net.Server | undefined;
      try {
        server = (await listen(home, host)).server;
        const moved = await claimJson(tiny, [`${prefix}:a`]);
        expect(moved.port).not.toBe(home);
        expect(moved.existing).toBe(false);

        // The three other ports of the range go to three more identities; the bound one never.
        const others = await Promise.all(
          ['b', 'c'].map((name) => claimPort(tiny, `${prefix}:${name}`)),
        );
        const handedOut = [moved.port, ...others];
        expect(new Set(handedOut).size).toBe(3);
        expect(handedOut).not.toContain(home);
        for (const port of handedOut) {
          expect(port).toBeGreaterThanOrEqual(range.start);
          expect(port).toBeLessThanOrEqual(range.end);
        }

        const full = await tiny.cli(['claim', `${prefix}:d`]);
        expect(full.code).toBe(1);
        expect(stderrLines(full)).toEqual([`pd: no free port in ${range.start}-${range.end}`]);

        const who = await tiny.cli(['who', String(home)]);
        expect(who.stdout).toContain('not claimed through port-daddy');
        expect(who.stdout).toContain(`by pid ${process.pid}:`);

        // Once released, the identity gets back the port it last had, not its home port.
        await close(server);
        server = undefined;
        expect((await tiny.cli(['release', `${prefix}:*`])).code).toBe(0);
        expect(await claimPort(tiny, `${prefix}:a`)).toBe(moved.port);
      } finally {
        if (server) await close(server);
        await tiny.cli(['release', `${prefix}:*`]);
      }
    },
  );
});

describe('ports survive a daemon restart', () => {
  let daemon: TestDaemon;
  const home = makeTempHome();
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = rangeEnv(await freeRange(50));
    daemon = await startDaemon({ home, env });
  });
  afterAll(async () => {
    await daemon?.stop();
    daemon?.cleanup();
  });

  it('keeps held claims, remembers released ports and keeps revisions growing', async () => {
    const held = await claimJson(daemon, ['restart:api']);
    const released = await claimJson(daemon, ['restart:web']);
    expect((await daemon.cli(['release', 'restart:web'])).code).toBe(0);
    const lastRevision = (await claimJson(daemon, ['restart:tmp'])).revision;

    await daemon.stop();
    daemon = await startDaemon({ home, env });

    const heldAgain = await claimJson(daemon, ['restart:api']);
    expect(heldAgain).toMatchObject({
      port: held.port,
      existing: true,
      revision: held.revision,
    });
    const releasedAgain = await claimJson(daemon, ['restart:web']);
    expect(releasedAgain).toMatchObject({ port: released.port, existing: false });
    expect(releasedAgain.revision).toBeGreaterThan(lastRevision);
  });
});
