import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimJson, claimPort, listJson, post, type ErrorJson } from '../helpers/claims.js';
import { parseJson, stderrLines } from '../helpers/cli.js';
import {
  freePort,
  makeTempHome,
  startDaemon,
  startRangeDaemon,
  stopDaemon,
  type TestDaemon,
} from '../helpers/daemon.js';
import { close, freeRange, listen, rangeEnv } from '../helpers/processes.js';

describe('port claims through the CLI', () => {
  let daemon: TestDaemon;
  let range: { start: number; end: number };

  beforeAll(async () => {
    ({ daemon, range } = await startRangeDaemon(100));
  });
  afterAll(() => stopDaemon(daemon));

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
});

describe('a port another process has bound is skipped', () => {
  // Four ports only, so which port comes next is fully determined.
  let tiny: TestDaemon;
  let range: { start: number; end: number };

  beforeAll(async () => {
    ({ daemon: tiny, range } = await startRangeDaemon(4));
  });
  afterAll(() => stopDaemon(tiny));

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
  afterAll(() => stopDaemon(daemon));

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
