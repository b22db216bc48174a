import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, Revision, type Db } from '../../store/index.js';
import { ManualClock } from '../clock.js';
import { EventLog } from '../events/index.js';
import { SELECT_IN_RANGE } from './claims-table.js';
import { homePort } from './home-port.js';
import { PortRegistry } from './port-registry.js';
import { rejection as conflict } from '../../../test/helpers/pd-errors.js';

const range = { start: 5000, end: 5009 };

function setup(options: { busy?: Set<number>; dead?: Set<number> } = {}) {
  const db: Db = openDatabase({ path: ':memory:' });
  const clock = new ManualClock();
  const events = new EventLog(db, clock);
  const busy = options.busy ?? new Set<number>();
  const dead = options.dead ?? new Set<number>();
  const registry = new PortRegistry({
    db,
    clock,
    revision: new Revision(db),
    events,
    range,
    probe: async (port) => !busy.has(port),
    isPidAlive: (pid) => !dead.has(pid),
  });
  return { db, clock, events, registry, busy, dead };
}

describe('PortRegistry', () => {
  let env: ReturnType<typeof setup>;
  beforeEach(() => {
    env = setup();
  });

  it('gives an identity its home port, and the same port when claimed again', async () => {
    const first = await env.registry.claim({ identity: 'myapp:api' });
    expect(first.claim.port).toBe(homePort('myapp:api', range));
    expect(first.existing).toBe(false);
    const again = await env.registry.claim({ identity: 'MYAPP:api' });
    expect(again).toMatchObject({ existing: true, claim: { port: first.claim.port } });
  });

  it('probes onward past ports the OS has bound and ports already claimed', async () => {
    const home = homePort('x', range);
    env.busy.add(home);
    const { claim } = await env.registry.claim({ identity: 'x' });
    expect(claim.port).not.toBe(home);
    expect(claim.port).toBe(range.start + ((home - range.start + 1) % 10));
  });

  it('never hands out the same port twice, even when claims race', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => env.registry.claim({ identity: `app${i}` })),
    );
    const ports = results.map((r) => r.claim.port);
    expect(new Set(ports).size).toBe(10);
    const full = await conflict(env.registry.claim({ identity: 'one-too-many' }));
    expect(full.code).toBe('NO_FREE_PORT');
  });

  it('gives a released identity its previous port back when still free', async () => {
    env.busy.add(homePort('svc', range));
    const first = (await env.registry.claim({ identity: 'svc' })).claim.port;
    env.busy.clear();
    env.registry.release('svc');
    expect((await env.registry.claim({ identity: 'svc' })).claim.port).toBe(first);
  });

  it('answers --port conflicts with the holder', async () => {
    const held = (await env.registry.claim({ identity: 'a' })).claim.port;
    const taken = await conflict(env.registry.claim({ identity: 'b', port: held }));
    expect(taken.code).toBe('PORT_TAKEN');
    expect(taken.status).toBe(409);
    expect(taken.details).toMatchObject({ holder: { identity: 'a' } });
    env.busy.add(7777);
    expect((await conflict(env.registry.claim({ identity: 'c', port: 7777 }))).code).toBe(
      'PORT_IN_USE',
    );
    expect((await conflict(env.registry.claim({ identity: 'a', port: 7778 }))).code).toBe(
      'IDENTITY_CLAIMED',
    );
    expect(env.registry.count()).toBe(1);
  });

  it('records a growing revision as the fencing token', async () => {
    const a = (await env.registry.claim({ identity: 'a' })).claim.revision;
    const b = (await env.registry.claim({ identity: 'b' })).claim.revision;
    env.registry.release('a');
    const c = (await env.registry.claim({ identity: 'a' })).claim.revision;
    expect(a).toBeLessThan(b);
    expect(b).toBeLessThan(c);
  });

  it('finds by exact identity, descendants and patterns', async () => {
    for (const identity of [
      'shop',
      'shop:api',
      'shop:api:main',
      'shop:web:main',
      'shopping',
      'other:api',
    ]) {
      await env.registry.claim({ identity });
    }
    const ids = (pattern?: string) => env.registry.find(pattern).map((c) => c.identity);
    expect(ids('shop')).toEqual(['shop', 'shop:api', 'shop:api:main', 'shop:web:main']);
    expect(ids('shop:*')).toEqual(['shop:api', 'shop:api:main', 'shop:web:main']);
    expect(ids('shop:*:main')).toEqual(['shop:api:main', 'shop:web:main']);
    expect(ids('*:api')).toEqual(['other:api', 'shop:api']);
    expect(ids('shop*')).toHaveLength(5);
    expect(ids()).toHaveLength(6);
    expect(env.registry.release('shop:*').map((c) => c.identity)).toEqual([
      'shop:api',
      'shop:api:main',
      'shop:web:main',
    ]);
    expect(ids()).toEqual(['other:api', 'shop', 'shopping']);
  });

  it('releases a bare identity alone, not the claims below it', async () => {
    for (const identity of ['nest', 'nest:api', 'nest:api:main'])
      await env.registry.claim({ identity });
    expect(env.registry.release('nest').map((c) => c.identity)).toEqual(['nest']);
    expect(env.registry.release('nest').map((c) => c.identity)).toEqual([]);
    expect(env.registry.find().map((c) => c.identity)).toEqual(['nest:api', 'nest:api:main']);
  });

  it('reaps expired TTLs and dead pids, with an event for each', async () => {
    await env.registry.claim({ identity: 'ttl', ttlMs: 1000 });
    await env.registry.claim({ identity: 'pid', pid: 4242 });
    await env.registry.claim({ identity: 'keep' });
    expect(env.registry.reapExpired()).toEqual([]);
    env.clock.advance(1000);
    env.dead.add(4242);
    const reaped = env.registry.reapExpired().map((r) => [r.claim.identity, r.reason]);
    expect(reaped).toEqual([
      ['ttl', 'expired'],
      ['pid', 'pid-dead'],
    ]);
    expect(env.registry.find().map((c) => c.identity)).toEqual(['keep']);
    const released = env.events.list(0, 100).filter((e) => e.type === 'claim.released');
    expect(released.map((e) => e.data.reason)).toEqual(['expired', 'pid-dead']);
  });

  it('renews the TTL of a held claim when claimed again with one', async () => {
    await env.registry.claim({ identity: 'lease', ttlMs: 1000 });
    env.clock.advance(800);
    await env.registry.claim({ identity: 'lease', ttlMs: 1000 });
    env.clock.advance(800);
    expect(env.registry.reapExpired()).toEqual([]);
  });

  it('rejects bad identities before touching the store', async () => {
    expect((await conflict(env.registry.claim({ identity: 'bad id' }))).code).toBe(
      'INVALID_IDENTITY',
    );
    expect(env.registry.count()).toBe(0);
    expect(env.events.total()).toBe(0);
  });
});

describe('find', () => {
  it('reads a prefix pattern as a range of the identity index, not a table scan', () => {
    const { db } = setup();
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${SELECT_IN_RANGE}`)
      .all('myapp:', 'myapp:\uffff') as { detail: string }[];
    expect(plan.map((row) => row.detail).join('\n')).toMatch(
      /SEARCH claims USING PRIMARY KEY \(identity>\? AND identity<\?\)/,
    );
  });
});
