import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../helpers/cli.js';
import { startDaemon, stopDaemon, type TestDaemon } from '../helpers/daemon.js';
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
  type LockErrorJson,
  type LockJson,
} from '../helpers/locks.js';

describe('pd lock --wait: timeouts and the FIFO queue', () => {
  let daemon: TestDaemon;
  const children: Background['child'][] = [];

  beforeAll(async () => {
    daemon = await startDaemon();
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await stopDaemon(daemon);
  });

  /** Starts `pd lock <name> --owner <owner> --wait 20s --json` and waits until it is queued. */
  async function enqueue(name: string, owner: string, position: number): Promise<Background> {
    const waiter = startCli(daemon, ['lock', name, '--owner', owner, '--wait', '20s', '--json']);
    children.push(waiter.child);
    await waitQueued(daemon, name, position);
    return waiter;
  }

  async function acquiredBy(waiter: Background, name: string, owner: string): Promise<LockJson> {
    const result = await waiter.closed;
    expect(result.code, result.stderr).toBe(0);
    const lock = parseJson<LockJson>(result);
    expect(lock).toMatchObject({ name, owner });
    expect(await heldLock(daemon, name)).toEqual(lock);
    return lock;
  }

  it('gives up after --wait 1s on a held lock: exit 1 naming the holder, 409 LOCK_HELD over HTTP', async () => {
    const holder = await lockOverHttp(daemon, 'busy', { owner: 'alice', pid: process.pid });

    let startedAt = Date.now();
    const result = await daemon.cli(['lock', 'busy', '--owner', 'bob', '--wait', '1s']);
    const elapsed = Date.now() - startedAt;
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `pd: lock busy is held by alice (pid ${process.pid}) after waiting 1 s\n`,
    );
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    // A CLI process start on a busy machine included.
    expect(elapsed).toBeLessThan(5000);

    const json = await daemon.cli(['lock', 'busy', '--owner', 'bob', '--wait', '1s', '--json']);
    expect(json.code).toBe(1);
    expect(parseJson<LockErrorJson>(json).error).toMatchObject({
      code: 'LOCK_HELD',
      details: { holder: { owner: 'alice', pid: process.pid, token: holder.token } },
    });

    startedAt = Date.now();
    const answer = await api<LockErrorJson>(daemon, 'POST', '/locks/busy', {
      owner: 'bob',
      wait: '1s',
    });
    const waited = Date.now() - startedAt;
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({
      code: 'LOCK_HELD',
      message: `lock busy is held by alice (pid ${process.pid}) after waiting 1 s`,
      details: {
        name: 'busy',
        holder: { owner: 'alice', pid: process.pid, token: holder.token },
        waiting: 0,
      },
    });
    expect(waited).toBeGreaterThanOrEqual(1000);
    expect(waited).toBeLessThan(2000);

    // The one who waited in vain left the queue, and the holder kept the lock.
    expect(await queued(daemon, 'busy')).toBe(0);
    expect(await heldLock(daemon, 'busy')).toEqual(holder);
  });

  it('grants a lock to three queued waiters in the order they came', async () => {
    await lockOverHttp(daemon, 'fifo', { owner: 'holder' });
    const first = await enqueue('fifo', 'w1', 1);
    const second = await enqueue('fifo', 'w2', 2);
    const third = await enqueue('fifo', 'w3', 3);

    const unlocked = await daemon.cli(['unlock', 'fifo', '--owner', 'holder']);
    expect(unlocked.code, unlocked.stderr).toBe(0);
    const one = await acquiredBy(first, 'fifo', 'w1');
    expect(second.child.exitCode).toBeNull();
    expect(third.child.exitCode).toBeNull();
    expect(await queued(daemon, 'fifo')).toBe(2);

    await unlockOverHttp(daemon, 'fifo', 'w1');
    const two = await acquiredBy(second, 'fifo', 'w2');
    expect(third.child.exitCode).toBeNull();
    expect(await queued(daemon, 'fifo')).toBe(1);

    await unlockOverHttp(daemon, 'fifo', 'w2');
    const three = await acquiredBy(third, 'fifo', 'w3');
    expect(await queued(daemon, 'fifo')).toBe(0);

    expect(two.token).toBeGreaterThan(one.token);
    expect(three.token).toBeGreaterThan(two.token);
    const grants = (await lockEvents(daemon, 'fifo')).filter((e) => e.type === 'lock.acquired');
    expect(grants.map((event) => event.data.owner)).toEqual(['holder', 'w1', 'w2', 'w3']);
  });

  it('drops a waiter whose pd process is killed: the next one gets the lock, no ghost holds it', async () => {
    await lockOverHttp(daemon, 'gone', { owner: 'holder' });
    const first = await enqueue('gone', 'd1', 1);
    const second = await enqueue('gone', 'd2', 2);
    const third = await enqueue('gone', 'd3', 3);

    // The head of the queue vanishes; had it stayed queued, the lock would go to nobody alive.
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    await waitQueued(daemon, 'gone', 2);

    await unlockOverHttp(daemon, 'gone', 'holder');
    await acquiredBy(second, 'gone', 'd2');
    expect(third.child.exitCode).toBeNull();
    const { body } = await api<{ locks: LockJson[] }>(daemon, 'GET', '/locks');
    expect(body.locks.filter((lock) => lock.name === 'gone')).toEqual([
      expect.objectContaining({ owner: 'd2' }),
    ]);
    expect(body.locks.some((lock) => lock.owner === 'd1')).toBe(false);

    await unlockOverHttp(daemon, 'gone', 'd2');
    await acquiredBy(third, 'gone', 'd3');
    const owners = (await lockEvents(daemon, 'gone'))
      .filter((event) => event.type === 'lock.acquired')
      .map((event) => event.data.owner);
    expect(owners).toEqual(['holder', 'd2', 'd3']);
  });
});
