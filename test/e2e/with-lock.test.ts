import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, stopDaemon, waitFor, type TestDaemon } from '../helpers/daemon.js';
import {
  api,
  heldLock,
  lockEvents,
  lockOverHttp,
  queued,
  startCli,
  unlockOverHttp,
  waitQueued,
  type Background,
  type LockJson,
} from '../helpers/locks.js';
import { isAlive } from '../helpers/processes.js';

// Reads the counter, waits a little, writes it + 1, and logs its fencing token. Without the lock
// twenty of these started at once end far below 20 (checked by hand: with a lock name of its own
// for each contender the counter ended at 1); under one lock it must end at exactly 20.
const INCREMENT = `
const fs = require('node:fs');
const [file, log] = process.argv.slice(1);
const count = Number(fs.readFileSync(file, 'utf8'));
setTimeout(() => {
  fs.writeFileSync(file, String(count + 1));
  fs.appendFileSync(log, process.env.PORT_DADDY_LOCK_TOKEN + '\\n');
}, 30);
`;

// Prints what the command sees: its lock variables, the lock as the daemon shows it right now,
// and its parent (pd). Exits with the code given as its argument.
const SHOW_LOCK = `
const name = process.env.PORT_DADDY_LOCK_NAME;
fetch(process.env.PORT_DADDY_URL + '/locks/' + name)
  .then((response) => response.json())
  .then((lock) => {
    const token = process.env.PORT_DADDY_LOCK_TOKEN;
    console.log(JSON.stringify({ name, token, lock, parent: process.ppid }));
    process.exit(Number(process.argv[1]));
  });
`;

// Writes its pid to `ready`; on SIGTERM or SIGINT writes the signal's name to `marker` and dies
// of that signal. Gives up after 20 s so an orphan never outlives the run.
const HOLD = `
const fs = require('node:fs');
const [ready, marker] = process.argv.slice(2);
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    fs.writeFileSync(marker, signal);
    process.kill(process.pid, signal);
  });
}
fs.writeFileSync(ready, String(process.pid));
setTimeout(() => process.exit(9), 20000);
`;

describe('pd with-lock', () => {
  let daemon: TestDaemon;
  let dir: string;
  let hold: string;
  const children: Background['child'][] = [];
  const orphans: number[] = [];

  beforeAll(async () => {
    daemon = await startDaemon();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-with-lock-'));
    hold = path.join(dir, 'hold.cjs');
    fs.writeFileSync(hold, HOLD);
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    for (const pid of orphans) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    await stopDaemon(daemon);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  function background(args: string[]): Background {
    const started = startCli(daemon, args);
    children.push(started.child);
    return started;
  }

  /** Starts `pd with-lock <name> ... -- node hold.cjs` and waits until the command runs. */
  async function holding(name: string, options: string[] = []) {
    const ready = path.join(dir, `${name}.ready`);
    const marker = path.join(dir, `${name}.marker`);
    const run = background(['with-lock', name, ...options, '--', 'node', hold, ready, marker]);
    const childPid = await waitFor(
      () => (fs.existsSync(ready) ? Number(fs.readFileSync(ready, 'utf8')) : 0),
      10_000,
    );
    orphans.push(childPid);
    return { run, childPid, marker };
  }

  it('lets exactly one of 20 contenders at a time increment a shared counter', async () => {
    const counter = path.join(dir, 'counter');
    const log = path.join(dir, 'tokens');
    fs.writeFileSync(counter, '0');
    fs.writeFileSync(log, '');

    const contenders = Array.from({ length: 20 }, () =>
      daemon.cli(['with-lock', 'counter', '--', 'node', '-e', INCREMENT, counter, log], {
        timeoutMs: 80_000,
      }),
    );
    const results = await Promise.all(contenders);
    for (const result of results) expect(result.code, result.stderr).toBe(0);

    expect(fs.readFileSync(counter, 'utf8')).toBe('20');
    const tokens = fs.readFileSync(log, 'utf8').trim().split('\n').map(Number);
    expect(tokens).toHaveLength(20);
    // Each increment ran under a newer grant than the one before it.
    for (let i = 1; i < tokens.length; i++) expect(tokens[i]).toBeGreaterThan(tokens[i - 1]!);
    expect(await heldLock(daemon, 'counter')).toBeUndefined();
  }, 90_000);

  it('exports the lock name and the token GET /locks shows, exits with the code and releases', async () => {
    const result = await daemon.cli(['with-lock', 'shown', '--', 'node', '-e', SHOW_LOCK, '3'], {
      env: { PORT_DADDY_AGENT: 'agent-w' },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('');
    const seen = JSON.parse(result.stdout) as {
      name: string;
      token: string;
      lock: LockJson;
      parent: number;
    };
    expect(seen.name).toBe('shown');
    expect(seen.lock).toMatchObject({
      name: 'shown',
      owner: `agent-w#${seen.parent}`,
      pid: seen.parent,
      ttlMs: 30_000,
    });
    expect(seen.token).toBe(String(seen.lock.token));

    expect(await heldLock(daemon, 'shown')).toBeUndefined();
    expect((await lockEvents(daemon, 'shown')).at(-1)).toMatchObject({
      type: 'lock.released',
      data: { owner: `agent-w#${seen.parent}`, token: seen.lock.token, reason: 'released' },
    });

    const ok = await daemon.cli(['with-lock', 'shown', '--owner', 'me', '--', 'true']);
    expect(ok.code).toBe(0);
    expect((await lockEvents(daemon, 'shown')).at(-1)!.data.owner).toMatch(/^me#\d+$/);
  });

  it('exits 127 when the command is not found, and releases', async () => {
    const result = await daemon.cli(['with-lock', 'missing', '--', 'pd-no-such-command-xyz']);
    expect(result.code).toBe(127);
    expect(result.stderr).toBe('pd: command not found: pd-no-such-command-xyz\n');
    expect(await heldLock(daemon, 'missing')).toBeUndefined();
    expect((await lockEvents(daemon, 'missing')).map((event) => event.type)).toEqual([
      'lock.acquired',
      'lock.released',
    ]);
  });

  it('fails at once with --wait 0, and after about 1 s with --wait 1s, never running the command', async () => {
    await lockOverHttp(daemon, 'taken', { owner: 'alice' });
    const marker = path.join(dir, 'must-not-exist');
    const command = ['--', 'node', '-e', `require('node:fs').writeFileSync('${marker}', 'ran')`];

    let startedAt = Date.now();
    const now = await daemon.cli(['with-lock', 'taken', '--wait', '0', ...command]);
    expect(now.code).toBe(1);
    expect(now.stderr).toBe('pd: lock taken is held by alice\n');
    // Without --wait it would still be queued (see "waits until the lock is free"); 0 never queues.
    expect(Date.now() - startedAt).toBeLessThan(3000);

    startedAt = Date.now();
    const later = await daemon.cli(['with-lock', 'taken', '--wait', '1s', ...command]);
    expect(later.code).toBe(1);
    expect(later.stderr).toBe('pd: lock taken is held by alice after waiting 1 s\n');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1000);

    expect(fs.existsSync(marker)).toBe(false);
    expect(await heldLock(daemon, 'taken')).toMatchObject({ owner: 'alice' });
    expect(await queued(daemon, 'taken')).toBe(0);
  });

  // Any spelling of zero means "do not wait", over HTTP as on the CLI.
  it('takes --wait 0s like --wait 0 (fails at once, not as a usage error)', async () => {
    await lockOverHttp(daemon, 'zero', { owner: 'alice' });
    const answer = await api(daemon, 'POST', '/locks/zero', { owner: 'bob', wait: '0s' });
    expect(answer.status).toBe(409);
    const result = await daemon.cli(['with-lock', 'zero', '--wait', '0s', '--', 'true']);
    expect(result.stderr).toBe('pd: lock zero is held by alice\n');
    expect(result.code).toBe(1);
  });

  it('waits until the lock is free by default, then runs', async () => {
    await lockOverHttp(daemon, 'patient', { owner: 'alice' });
    const waiter = background(['with-lock', 'patient', '--', 'node', '-e', SHOW_LOCK, '0']);
    await waitQueued(daemon, 'patient', 1);
    // Longer than a short default wait would last; it is still queued.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(waiter.child.exitCode).toBeNull();
    expect(await queued(daemon, 'patient')).toBe(1);

    await unlockOverHttp(daemon, 'patient', 'alice');
    const result = await waiter.closed;
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ lock: { pid: waiter.child.pid } });
    expect(await heldLock(daemon, 'patient')).toBeUndefined();
  });

  it('renews the lease while the command runs past its --ttl', async () => {
    const { run } = await holding('renewed', ['--ttl', '1500ms']);
    const lock = await heldLock(daemon, 'renewed');
    expect(lock).toMatchObject({ pid: run.child.pid, ttlMs: 1500 });
    // Two TTLs later the same grant still holds, renewed rather than expired.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await heldLock(daemon, 'renewed')).toMatchObject({ token: lock!.token });
    const types = (await lockEvents(daemon, 'renewed')).map((event) => event.type);
    expect(types[0]).toBe('lock.acquired');
    expect(types.filter((type) => type === 'lock.extended').length).toBeGreaterThanOrEqual(3);
    expect(types).not.toContain('lock.released');

    run.child.kill('SIGTERM');
    expect((await run.closed).code).toBe(143);
    expect(await heldLock(daemon, 'renewed')).toBeUndefined();
  });

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`forwards ${signal} to the command, exits ${code} and releases`, async () => {
      const name = `signal-${signal.toLowerCase()}`;
      const { run, childPid, marker } = await holding(name);
      expect(await heldLock(daemon, name)).toMatchObject({ pid: run.child.pid });

      run.child.kill(signal);
      const result = await run.closed;
      expect(result.code).toBe(code);
      expect(fs.readFileSync(marker, 'utf8')).toBe(signal);
      expect(isAlive(childPid)).toBe(false);
      expect(await heldLock(daemon, name)).toBeUndefined();
      expect((await lockEvents(daemon, name)).at(-1)).toMatchObject({
        type: 'lock.released',
        data: { reason: 'released' },
      });
    });
  }

  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`leaves the queue on ${signal} while waiting, exits ${code} and never runs the command`, async () => {
      const name = `queued-${signal.toLowerCase()}`;
      await lockOverHttp(daemon, name, { owner: 'alice' });
      const marker = path.join(dir, `${name}.ran`);
      const waiter = background([
        'with-lock',
        name,
        '--',
        'node',
        '-e',
        `require('node:fs').writeFileSync('${marker}', 'ran')`,
      ]);
      await waitQueued(daemon, name, 1);

      waiter.child.kill(signal);
      const result = await waiter.closed;
      await waitQueued(daemon, name, 0);
      await unlockOverHttp(daemon, name, 'alice');
      expect(await heldLock(daemon, name)).toBeUndefined();
      expect(fs.existsSync(marker)).toBe(false);
      // As a shell reports a death by signal: 128 + its number.
      expect(result.code).toBe(code);
    });
  }

  it('hands the lock to a waiting with-lock within 2 s of the holder being killed with SIGKILL', async () => {
    const { run, childPid } = await holding('crash');
    const waiter = background(['with-lock', 'crash', '--', 'node', '-p', 'Date.now()']);
    await waitQueued(daemon, 'crash', 1);

    run.child.kill('SIGKILL');
    const killedAt = Date.now();
    expect((await run.exited).signal).toBe('SIGKILL');

    const result = await waiter.closed;
    expect(result.code, result.stderr).toBe(0);
    expect(Number(result.stdout) - killedAt).toBeLessThan(2000);
    const [, released, acquired] = await lockEvents(daemon, 'crash');
    expect(released).toMatchObject({ data: { pid: run.child.pid, reason: 'pid-dead' } });
    expect(acquired).toMatchObject({ type: 'lock.acquired', data: { pid: waiter.child.pid } });
    expect(Date.parse(acquired!.at) - killedAt).toBeLessThan(2000);

    // pd had no chance to stop its command, which still runs: the case fencing tokens are for.
    expect(isAlive(childPid)).toBe(true);
    process.kill(childPid, 'SIGKILL');
  });

  it('stops the command when its lock is broken under it', async () => {
    const { run, marker } = await holding('broken', ['--ttl', '1s']);
    const forced = await daemon.cli(['unlock', 'broken', '--force', '--owner', 'ops']);
    expect(forced.code, forced.stderr).toBe(0);

    const result = await run.closed;
    expect(result.code).toBe(143);
    expect(fs.readFileSync(marker, 'utf8')).toBe('SIGTERM');
    expect(result.stderr).toBe(
      'pd: lost lock broken (lock broken is not held); stopping the command\n',
    );
  });

  it('needs a command', async () => {
    const result = await daemon.cli(['with-lock', 'nothing']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error: missing required argument 'command'\n");
    expect(await heldLock(daemon, 'nothing')).toBeUndefined();
  });
});
