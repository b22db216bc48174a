import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, Revision } from '../../store/index.js';
import { ManualClock } from '../clock.js';
import { EventLog } from '../events/index.js';
import { LockManager } from './lock-manager.js';
import { thrown, rejection as failure } from '../../../test/helpers/pd-errors.js';

function setup() {
  const db = openDatabase({ path: ':memory:' });
  const clock = new ManualClock();
  const events = new EventLog(db, clock);
  const dead = new Set<number>();
  const locks = new LockManager({
    db,
    clock,
    revision: new Revision(db),
    events,
    isPidAlive: (pid) => !dead.has(pid),
  });
  return { clock, events, dead, locks };
}

describe('LockManager', () => {
  let env: ReturnType<typeof setup>;
  afterEach(() => env?.locks.close());

  it('grants a free lock and refuses a held one, naming the holder', async () => {
    env = setup();
    const lock = await env.locks.acquire({ name: 'db', owner: 'a', pid: 10 });
    expect(lock).toMatchObject({ name: 'db', owner: 'a', pid: 10, token: 1 });
    const held = await failure(env.locks.acquire({ name: 'db', owner: 'b' }));
    expect(held).toMatchObject({
      code: 'LOCK_HELD',
      status: 409,
      details: { holder: { owner: 'a', pid: 10 } },
    });
    expect(held.message).toBe('lock db is held by a (pid 10)');
  });

  it('issues tokens that only grow, across names and re-acquisitions', async () => {
    env = setup();
    const tokens: number[] = [];
    for (const name of ['a', 'b', 'a', 'c', 'a']) {
      const lock = await env.locks.acquire({ name, owner: 'me' });
      tokens.push(lock.token);
      env.locks.release(name, 'me');
    }
    expect(tokens).toEqual([...tokens].sort((x, y) => x - y));
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('lets only the owner release or extend, unless forced (and records who forced)', async () => {
    env = setup();
    await env.locks.acquire({ name: 'db', owner: 'a', ttlMs: 1000 });
    expect(thrown(() => env.locks.release('db', 'b'))).toMatchObject({
      code: 'LOCK_NOT_OWNER',
      status: 403,
    });
    expect(thrown(() => env.locks.extend('db', 'b'))).toMatchObject({ code: 'LOCK_NOT_OWNER' });
    env.locks.release('db', 'b', true);
    const released = env.events.list(0, 100).filter((e) => e.type === 'lock.released');
    expect(released.at(-1)?.data).toMatchObject({ reason: 'forced', by: 'b', owner: 'a' });
    expect(thrown(() => env.locks.release('db', 'a'))).toMatchObject({
      code: 'NOT_FOUND',
      status: 404,
    });
  });

  it('hands a released lock to waiters in arrival order', async () => {
    env = setup();
    await env.locks.acquire({ name: 'q', owner: 'first' });
    const order: string[] = [];
    const waiters = ['w1', 'w2', 'w3'].map((owner) =>
      env.locks.acquire({ name: 'q', owner, waitMs: 10_000 }).then((lock) => {
        order.push(lock.owner);
        return lock;
      }),
    );
    expect(env.locks.waiting('q')).toBe(3);
    env.locks.release('q', 'first');
    await waiters[0];
    env.locks.release('q', 'w1');
    await waiters[1];
    env.locks.release('q', 'w2');
    await waiters[2];
    expect(order).toEqual(['w1', 'w2', 'w3']);
    expect(env.locks.waiting('q')).toBe(0);
  });

  it('gives up after the wait with the holder, and drops a waiter that hung up', async () => {
    env = setup();
    await env.locks.acquire({ name: 'w', owner: 'a' });
    const timedOut = await failure(env.locks.acquire({ name: 'w', owner: 'b', waitMs: 20 }));
    expect(timedOut.code).toBe('LOCK_HELD');
    expect(timedOut.message).toMatch(/held by a after waiting/);
    const controller = new AbortController();
    const gone = env.locks.acquire({ name: 'w', owner: 'c', waitMs: 10_000 }, controller.signal);
    const next = env.locks.acquire({ name: 'w', owner: 'd', waitMs: 10_000 });
    controller.abort();
    expect((await failure(gone)).code).toBe('CANCELLED');
    env.locks.release('w', 'a');
    expect((await next).owner).toBe('d');
  });

  it('reaps expired and dead-pid locks and passes them on', async () => {
    env = setup();
    await env.locks.acquire({ name: 'ttl', owner: 'a', ttlMs: 1000 });
    await env.locks.acquire({ name: 'pid', owner: 'b', pid: 77 });
    const waiter = env.locks.acquire({ name: 'pid', owner: 'c', waitMs: 10_000 });
    expect(env.locks.reapExpired()).toEqual([]);
    env.clock.advance(1000);
    env.dead.add(77);
    expect(env.locks.reapExpired().map((r) => [r.lock.name, r.reason])).toEqual([
      ['pid', 'pid-dead'],
      ['ttl', 'expired'],
    ]);
    expect((await waiter).owner).toBe('c');
  });

  it('extends a lease from now', async () => {
    env = setup();
    await env.locks.acquire({ name: 'l', owner: 'a', ttlMs: 1000 });
    env.clock.advance(900);
    expect(env.locks.extend('l', 'a').expiresAt).toBe(env.clock.now() + 1000);
    env.clock.advance(900);
    expect(env.locks.reapExpired()).toEqual([]);
  });

  it('refuses bad names and fails waiters on shutdown', async () => {
    env = setup();
    expect(thrown(() => env.locks.get('bad name'))).toMatchObject({ code: 'INVALID_INPUT' });
    expect((await failure(env.locks.acquire({ name: '/etc', owner: 'a' }))).code).toBe(
      'INVALID_INPUT',
    );
    await env.locks.acquire({ name: 's', owner: 'a' });
    const waiter = env.locks.acquire({ name: 's', owner: 'b', waitMs: 10_000 });
    env.locks.close();
    expect((await failure(waiter)).code).toBe('SHUTTING_DOWN');
  });
});
