import { spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../helpers/cli.js';
import { startDaemon, stopDaemon, waitFor, type TestDaemon } from '../helpers/daemon.js';
import {
  api,
  heldLock,
  lockEvents,
  lockOverHttp,
  sleep,
  startCli,
  waitQueued,
  type Background,
  type LockErrorJson,
  type LockJson,
} from '../helpers/locks.js';
import { exited, spawnSleeper } from '../helpers/processes.js';

// The issue promises a dead holder's lock is reaped within 2 s.
const REAP_BUDGET_MS = 2000;

describe('pd lock, unlock, locks and lock extend', () => {
  let daemon: TestDaemon;
  const children: (ChildProcess | Background['child'])[] = [];

  beforeAll(async () => {
    daemon = await startDaemon();
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await stopDaemon(daemon);
  });

  async function lockJson(args: string[], env: NodeJS.ProcessEnv = {}): Promise<LockJson> {
    const result = await daemon.cli(['lock', ...args, '--json'], { env });
    expect(result.code, result.stderr).toBe(0);
    return parseJson<LockJson>(result);
  }

  function background(args: string[]): Background {
    const started = startCli(daemon, args);
    children.push(started.child);
    return started;
  }

  it('locks with a fencing token, lists the lock, refuses a second owner and unlocks', async () => {
    const locked = await daemon.cli(['lock', 'basic', '--owner', 'alice']);
    expect(locked.code, locked.stderr).toBe(0);
    const token = Number(/^locked basic for alice \(token (\d+)\)\n$/.exec(locked.stdout)?.[1]);
    expect(token).toBeGreaterThan(0);

    const table = await daemon.cli(['locks']);
    expect(table.stdout.split('\n')[0]).toMatch(
      /^NAME\s+OWNER\s+PID\s+TOKEN\s+ACQUIRED\s+EXPIRES$/,
    );
    expect(table.stdout).toMatch(
      new RegExp(`^basic\\s+alice\\s+-\\s+${token}\\s+\\d+s ago\\s+-$`, 'm'),
    );
    const listed = parseJson<LockJson[]>(await daemon.cli(['locks', '--json']));
    expect(listed.find((lock) => lock.name === 'basic')).toEqual({
      name: 'basic',
      owner: 'alice',
      pid: null,
      token,
      acquiredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      ttlMs: null,
      expiresAt: null,
    });

    const refused = await daemon.cli(['lock', 'basic', '--owner', 'bob']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe('pd: lock basic is held by alice\n');

    const unlocked = await daemon.cli(['unlock', 'basic', '--owner', 'alice']);
    expect(unlocked.code, unlocked.stderr).toBe(0);
    expect(unlocked.stdout).toBe('unlocked basic\n');
    expect(await heldLock(daemon, 'basic')).toBeUndefined();
    expect((await lockEvents(daemon, 'basic')).map((event) => event.type)).toEqual([
      'lock.acquired',
      'lock.released',
    ]);
    expect((await lockEvents(daemon, 'basic'))[1]!.data).toMatchObject({ reason: 'released' });

    const again = await daemon.cli(['unlock', 'basic', '--owner', 'alice']);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('pd: lock basic is not held\n');
  });

  it('takes the owner from $PORT_DADDY_AGENT, else user@host', async () => {
    const agent = { PORT_DADDY_AGENT: 'agent-7' };
    expect(await lockJson(['owner-env'], agent)).toMatchObject({ owner: 'agent-7' });
    expect((await daemon.cli(['unlock', 'owner-env'], { env: agent })).code).toBe(0);

    const anonymous = { PORT_DADDY_AGENT: '' };
    const lock = await lockJson(['owner-host'], anonymous);
    expect(lock.owner).toBe(`${os.userInfo().username}@${os.hostname()}`);
    const stranger = await daemon.cli(['unlock', 'owner-host'], { env: agent });
    expect(stranger.code).toBe(1);
    expect((await daemon.cli(['unlock', 'owner-host'], { env: anonymous })).code).toBe(0);
  });

  it('lets only the owner unlock or extend: exit 1 on the CLI, 403 LOCK_NOT_OWNER over HTTP', async () => {
    const lock = await lockJson(['guarded', '--owner', 'alice', '--ttl', '1m']);

    const cli = await daemon.cli(['unlock', 'guarded', '--owner', 'mallory']);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toBe(
      'pd: lock guarded is held by alice, not mallory; use --force to break it\n',
    );
    const cliJson = await daemon.cli(['unlock', 'guarded', '--owner', 'mallory', '--json']);
    expect(cliJson.code).toBe(1);
    expect(parseJson<LockErrorJson>(cliJson).error.code).toBe('LOCK_NOT_OWNER');

    for (const body of [{ owner: 'mallory' }, {}, { owner: 'mallory', force: false }]) {
      const answer = await api<LockErrorJson>(daemon, 'POST', '/locks/guarded/release', body);
      expect(answer.status).toBe(403);
      expect(answer.body.error).toMatchObject({
        code: 'LOCK_NOT_OWNER',
        details: { holder: { owner: 'alice', token: lock.token } },
      });
    }

    const extend = await daemon.cli(['lock', 'extend', 'guarded', '--owner', 'mallory']);
    expect(extend.code).toBe(1);
    expect(extend.stderr).toBe('pd: lock guarded is held by alice, not mallory\n');
    const extendHttp = await api<LockErrorJson>(daemon, 'POST', '/locks/guarded/extend', {
      owner: 'mallory',
      ttl: '1h',
    });
    expect(extendHttp.status).toBe(403);
    expect(extendHttp.body.error.code).toBe('LOCK_NOT_OWNER');

    // Nothing of it changed the lock.
    expect(await heldLock(daemon, 'guarded')).toEqual(lock);
    expect((await lockEvents(daemon, 'guarded')).map((event) => event.type)).toEqual([
      'lock.acquired',
    ]);
  });

  it("breaks someone else's lock with --force and records it as forced", async () => {
    const lock = await lockJson(['forced', '--owner', 'alice']);
    const result = await daemon.cli(['unlock', 'forced', '--force', '--owner', 'mallory']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('unlocked forced (was held by alice)\n');
    expect(await heldLock(daemon, 'forced')).toBeUndefined();

    expect((await lockEvents(daemon, 'forced')).at(-1)).toMatchObject({
      type: 'lock.released',
      data: { owner: 'alice', token: lock.token, reason: 'forced', by: 'mallory' },
    });

    // Over HTTP too, and the lock is free for the next caller.
    await lockOverHttp(daemon, 'forced', { owner: 'alice' });
    const answer = await api<{ released: LockJson }>(daemon, 'POST', '/locks/forced/release', {
      owner: 'ops',
      force: true,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.released).toMatchObject({ name: 'forced', owner: 'alice' });
    expect((await lockEvents(daemon, 'forced')).at(-1)!.data).toMatchObject({
      reason: 'forced',
      by: 'ops',
    });
    expect(await lockJson(['forced', '--owner', 'bob'])).toMatchObject({ owner: 'bob' });
  });

  it('releases a --pid lock within 2 s of its process being killed, to a waiting pd lock', async () => {
    const owner = spawnSleeper() as ChildProcess & { pid: number };
    children.push(owner);
    const held = await lockJson(['pid-held', '--owner', 'alice', '--pid', String(owner.pid)]);
    expect(held).toMatchObject({ pid: owner.pid, ttlMs: null });

    const waiter = background(['lock', 'pid-held', '--owner', 'bob', '--wait', '10s', '--json']);
    await waitQueued(daemon, 'pid-held', 1);

    owner.kill('SIGKILL');
    const killedAt = Date.now();
    await exited(owner);
    const next = await waitFor(
      async () => {
        const lock = await heldLock(daemon, 'pid-held');
        return lock?.owner === 'bob' ? lock : undefined;
      },
      REAP_BUDGET_MS + 1000,
      20,
    );
    expect(Date.now() - killedAt).toBeLessThan(REAP_BUDGET_MS);
    expect(next!.token).toBeGreaterThan(held.token);

    const result = await waiter.closed;
    expect(result.code, result.stderr).toBe(0);
    expect(parseJson<LockJson>(result)).toEqual(next!);
    const [, released, acquired] = await lockEvents(daemon, 'pid-held');
    expect(released).toMatchObject({
      type: 'lock.released',
      data: { owner: 'alice', pid: owner.pid, reason: 'pid-dead' },
    });
    expect(acquired).toMatchObject({ type: 'lock.acquired', data: { owner: 'bob' } });
    expect(Date.parse(acquired!.at) - killedAt).toBeLessThan(REAP_BUDGET_MS);
  });

  it('expires a --ttl lock (reason expired) and hands it to the next waiter', async () => {
    const lock = await lockJson(['leased', '--owner', 'alice', '--ttl', '1s']);
    expect(lock.ttlMs).toBe(1000);
    expect(Date.parse(lock.expiresAt!) - Date.parse(lock.acquiredAt)).toBe(1000);

    const waiter = background(['lock', 'leased', '--owner', 'bob', '--wait', '10s']);
    const result = await waiter.closed;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^locked leased for bob \(token \d+\)\n$/);

    const [, expired, acquired] = await lockEvents(daemon, 'leased');
    expect(expired).toMatchObject({
      type: 'lock.released',
      data: { owner: 'alice', token: lock.token, reason: 'expired' },
    });
    const heldFor = Date.parse(expired!.at) - Date.parse(lock.acquiredAt);
    expect(heldFor).toBeGreaterThanOrEqual(1000);
    expect(heldFor).toBeLessThan(1000 + REAP_BUDGET_MS);
    expect(acquired!.data.token).toBeGreaterThan(lock.token);
  });

  it('keeps a TTL lock alive past its first expiry with pd lock extend', async () => {
    const lock = await lockJson(['extended', '--owner', 'alice', '--ttl', '2s']);
    const firstExpiry = Date.parse(lock.expiresAt!);
    await sleep(1000);

    const text = await daemon.cli([
      'lock',
      'extend',
      'extended',
      '--owner',
      'alice',
      '--ttl',
      '4s',
    ]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^extended extended: expires in [34]s\n$/);
    const renewed = parseJson<LockJson>(
      await daemon.cli(['lock', 'extend', 'extended', '--owner', 'alice', '--json']),
    );
    // Without --ttl the lock's own (now 4 s) lease starts again from now.
    expect(renewed).toMatchObject({ token: lock.token, ttlMs: 4000 });
    expect(Date.parse(renewed.expiresAt!)).toBeGreaterThanOrEqual(firstExpiry + 2000);

    await sleep(Math.max(0, firstExpiry + 1000 - Date.now()));
    expect(await heldLock(daemon, 'extended')).toMatchObject({ owner: 'alice', token: lock.token });
    expect((await lockEvents(daemon, 'extended')).map((event) => event.type)).toEqual([
      'lock.acquired',
      'lock.extended',
      'lock.extended',
    ]);
  });

  it('issues strictly increasing fencing tokens across release, expiry, names and a restart', async () => {
    const tokens: number[] = [];
    const take = async (name: string, args: string[] = []) => {
      const lock = await lockJson([name, '--owner', 'fence', ...args]);
      tokens.push(lock.token);
      return lock;
    };
    const unlock = async (name: string) =>
      expect((await daemon.cli(['unlock', name, '--owner', 'fence'])).code).toBe(0);

    await take('fence-a');
    await unlock('fence-a');
    await take('fence-a');
    const other = await take('fence-b');
    await unlock('fence-a');
    await take('fence-a', ['--ttl', '500ms']);
    await waitFor(async () => (await heldLock(daemon, 'fence-a')) === undefined, 3000, 25);
    expect((await lockEvents(daemon, 'fence-a')).at(-1)!.data.reason).toBe('expired');
    await take('fence-a');

    await daemon.stop();
    daemon = await startDaemon({ home: daemon.home });
    // The held lock survived the restart with its token; new grants still go above it all.
    expect(await heldLock(daemon, 'fence-b')).toEqual(other);
    await unlock('fence-a');
    await take('fence-a');
    await take('fence-c');
    await unlock('fence-b');
    await take('fence-b');

    expect(tokens).toHaveLength(8);
    for (let i = 1; i < tokens.length; i++) expect(tokens[i]).toBeGreaterThan(tokens[i - 1]!);
  });

  it('lets the fenced write of docs/locks.md refuse a holder whose lease ran out', async () => {
    const markdown = fs.readFileSync(new URL('../../docs/locks.md', import.meta.url), 'utf8');
    const script = /<!-- fenced-write -->\s*```js\n([\s\S]*?)```/.exec(markdown)?.[1];
    expect(script).toBeDefined();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-fence-'));
    try {
      fs.writeFileSync(path.join(dir, 'fenced-write.mjs'), script!);
      const write = (token: number, text: string) =>
        spawnSync('node', ['fenced-write.mjs', String(token), 'release.txt', text], {
          cwd: dir,
          encoding: 'utf8',
        });

      const stale = await lockJson(['deploy', '--owner', 'agent-a', '--ttl', '500ms']);
      await waitFor(async () => (await heldLock(daemon, 'deploy')) === undefined, 3000, 25);
      const current = await lockJson(['deploy', '--owner', 'agent-b']);

      const fresh = write(current.token, 'v2');
      expect(fresh.status, fresh.stderr).toBe(0);
      expect(fresh.stdout).toBe(`wrote release.txt with token ${current.token}\n`);
      const late = write(stale.token, 'v1');
      expect(late.status).toBe(1);
      expect(late.stderr).toBe(
        `rejected: token ${stale.token} is older than ${current.token}; the lock has moved on\n`,
      );
      expect(fs.readFileSync(path.join(dir, 'release.txt'), 'utf8')).toBe('v2\n');

      // The with-lock line of the example, as printed.
      expect((await daemon.cli(['unlock', 'deploy', '--owner', 'agent-b'])).code).toBe(0);
      const inner = 'node fenced-write.mjs "$PORT_DADDY_LOCK_TOKEN" release.txt v3';
      expect(markdown).toContain(`pd with-lock deploy -- sh -c '${inner}'`);
      const result = await daemon.cli(['with-lock', 'deploy', '--', 'sh', '-c', inner], {
        cwd: dir,
      });
      expect(result.code, result.stderr).toBe(0);
      expect(fs.readFileSync(path.join(dir, 'release.txt'), 'utf8')).toBe('v3\n');
      expect(Number(fs.readFileSync(path.join(dir, 'release.txt.fence'), 'utf8'))).toBeGreaterThan(
        current.token,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
