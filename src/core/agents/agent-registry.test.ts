import { describe, expect, it } from 'vitest';
import { thrown } from '../../../test/helpers/pd-errors.js';
import { openDatabase, Revision } from '../../store/index.js';
import { ManualClock } from '../clock.js';
import { EventLog } from '../events/index.js';
import { AgentRegistry } from './agent-registry.js';

const TIMEOUT = 60_000;

function setup() {
  const db = openDatabase({ path: ':memory:' });
  const clock = new ManualClock();
  const events = new EventLog(db, clock);
  const dead = new Set<number>();
  const agents = new AgentRegistry({
    db,
    clock,
    revision: new Revision(db),
    events,
    isPidAlive: (pid) => !dead.has(pid),
    timeoutMs: TIMEOUT,
  });
  const types = () => events.list(0, 1000).map((event) => `${event.type} ${event.subject}`);
  return { clock, events, dead, agents, types };
}

describe('AgentRegistry', () => {
  it('registers with defaults, the project taken from the identity', () => {
    const { agents, clock, types } = setup();
    const result = agents.register({ id: 'a1', identity: 'MyApp:api', purpose: 'fix login' });
    expect(result).toEqual({
      created: true,
      deadInProject: [],
      agent: {
        id: 'a1',
        name: 'a1',
        project: 'myapp',
        identity: 'myapp:api',
        purpose: 'fix login',
        pid: null,
        registeredAt: clock.now(),
        heartbeatAt: clock.now(),
        timeoutMs: TIMEOUT,
        state: 'alive',
        endedAt: null,
        endReason: null,
        salvage: null,
      },
    });
    expect(agents.register({ id: 'a2' }).agent.project).toBeNull();
    expect(agents.register({ id: 'a3', identity: 'x:y', project: 'Other' }).agent.project).toBe(
      'other',
    );
    expect(types()).toEqual(['agent.registered a1', 'agent.registered a2', 'agent.registered a3']);
  });

  it('updates on a second registration, keeping what was not given', () => {
    const { agents, clock } = setup();
    agents.register({ id: 'a', name: 'Alice', identity: 'app:web', purpose: 'p1', pid: 42 });
    clock.advance(1000);
    const again = agents.register({ id: 'a', purpose: 'p2', timeoutMs: 5000 });
    expect(again.created).toBe(false);
    expect(again.agent).toMatchObject({
      name: 'Alice',
      identity: 'app:web',
      purpose: 'p2',
      pid: 42,
      timeoutMs: 5000,
      heartbeatAt: clock.now(),
      registeredAt: clock.now() - 1000,
    });
  });

  it('goes alive -> stale at half the timeout -> dead at the timeout; a heartbeat resets it', () => {
    const { agents, clock, types } = setup();
    agents.register({ id: 'a' });
    clock.advance(TIMEOUT / 2 - 1);
    expect(agents.get('a')?.state).toBe('alive');
    clock.advance(1);
    expect(agents.get('a')?.state).toBe('stale');
    expect(agents.list().map((agent) => agent.state)).toEqual(['stale']);
    expect(agents.heartbeat('a').state).toBe('alive');
    clock.advance(TIMEOUT - 1);
    expect(agents.reapDead()).toEqual([]);
    clock.advance(1);
    const [died] = agents.reapDead();
    expect(died).toMatchObject({ id: 'a', state: 'dead', endReason: 'timeout' });
    expect(died!.endedAt).toBe(clock.now());
    expect(agents.reapDead()).toEqual([]);
    expect(agents.get('a')?.state).toBe('dead');
    expect(types()).toEqual(['agent.registered a', 'agent.died a']);
  });

  it('writes no event for a heartbeat or a touch', () => {
    const { agents, events, clock } = setup();
    agents.register({ id: 'a' });
    const before = events.total();
    for (let i = 0; i < 10; i++) {
      clock.advance(1000);
      agents.heartbeat('a');
      agents.touch('a');
    }
    expect(events.total()).toBe(before);
    expect(agents.get('a')?.heartbeatAt).toBe(clock.now());
  });

  it('marks an agent dead once its pid is gone, and returns it once', () => {
    const { agents, dead } = setup();
    agents.register({ id: 'a', pid: 100 });
    agents.register({ id: 'b', pid: 200 });
    agents.register({ id: 'c' });
    expect(agents.reapDead()).toEqual([]);
    dead.add(100);
    expect(agents.reapDead().map((agent) => [agent.id, agent.endReason])).toEqual([
      ['a', 'pid-dead'],
    ]);
    expect(agents.reapDead()).toEqual([]);
    expect(agents.list().map((agent) => agent.id)).toEqual(['b', 'c']);
    expect(agents.list({ all: true }).map((agent) => agent.id)).toEqual(['a', 'b', 'c']);
  });

  it('revives a dead agent that heartbeats or registers again', () => {
    const { agents, clock, dead, types } = setup();
    agents.register({ id: 'a', pid: 100 });
    dead.add(100);
    agents.reapDead();
    const back = agents.heartbeat('a');
    // The dead pid is dropped, or the agent would die again at the next reap.
    expect(back).toMatchObject({ state: 'alive', pid: null, endedAt: null, endReason: null });
    expect(agents.reapDead()).toEqual([]);

    clock.advance(TIMEOUT);
    expect(agents.reapDead()).toHaveLength(1);
    const again = agents.register({ id: 'a', pid: 300 });
    expect(again).toMatchObject({ created: false, agent: { state: 'alive', pid: 300 } });
    expect(types()).toEqual([
      'agent.registered a',
      'agent.died a',
      'agent.revived a',
      'agent.died a',
      'agent.revived a',
      'agent.registered a',
    ]);
  });

  it('unregisters: left, once; 404 for an unknown id', () => {
    const { agents, clock, types } = setup();
    agents.register({ id: 'a' });
    clock.advance(10);
    expect(agents.unregister('a')).toMatchObject({
      state: 'left',
      endReason: 'unregistered',
      endedAt: clock.now(),
    });
    expect(agents.unregister('a').endedAt).toBe(clock.now());
    expect(agents.list()).toEqual([]);
    clock.advance(TIMEOUT * 2);
    expect(agents.reapDead()).toEqual([]);
    expect(types()).toEqual(['agent.registered a', 'agent.left a']);
    expect(thrown(() => agents.unregister('nobody'))).toMatchObject({
      code: 'NOT_FOUND',
      status: 404,
    });
    expect(thrown(() => agents.heartbeat('nobody')).code).toBe('NOT_FOUND');
    expect(agents.get('nobody')).toBeUndefined();
    agents.touch('nobody');
  });

  it('filters the list by project', () => {
    const { agents } = setup();
    agents.register({ id: 'a', identity: 'app:api' });
    agents.register({ id: 'b', identity: 'app:web' });
    agents.register({ id: 'c', project: 'other' });
    expect(agents.list({ project: 'app' }).map((agent) => agent.id)).toEqual(['a', 'b']);
    expect(agents.list({ project: 'OTHER' }).map((agent) => agent.id)).toEqual(['c']);
    expect(agents.list({ project: 'none' })).toEqual([]);
  });

  it('answers the dead agents of the project that wait for salvage', () => {
    const { agents, clock } = setup();
    agents.register({ id: 'old', identity: 'app:api', timeoutMs: 1000 });
    clock.advance(1);
    agents.register({ id: 'gone', identity: 'app:web' });
    agents.register({ id: 'elsewhere', project: 'other', timeoutMs: 1000 });
    clock.advance(1000);
    expect(agents.reapDead().map((agent) => agent.id)).toEqual(['old', 'elsewhere']);
    agents.unregister('gone');

    const next = agents.register({ id: 'new', identity: 'app:api' });
    expect(next.deadInProject.map((agent) => agent.id)).toEqual(['old']);
    expect(agents.awaitingSalvage().map((agent) => agent.id)).toEqual(['old', 'elsewhere']);

    // A left agent waits only when recovery found an open session to abandon.
    agents.setSalvage('gone', 'pending');
    expect(agents.awaitingSalvage('app').map((agent) => agent.id)).toEqual(['old', 'gone']);
    expect(agents.setSalvage('old', 'claimed').salvage).toBe('claimed');
    agents.setSalvage('gone', 'dismissed');
    expect(agents.awaitingSalvage('app')).toEqual([]);
    expect(thrown(() => agents.setSalvage('nobody', 'claimed')).code).toBe('NOT_FOUND');
  });

  it('refuses bad input with INVALID_INPUT or INVALID_IDENTITY', () => {
    const { agents } = setup();
    expect(thrown(() => agents.register({ id: 'a b' })).message).toBe(
      `invalid agent id "a b": 1-200 characters: letters, digits, '.', '_', ':', '@', '-'`,
    );
    expect(thrown(() => agents.register({ id: 'a', identity: 'a:b:c:d' })).code).toBe(
      'INVALID_IDENTITY',
    );
    expect(thrown(() => agents.register({ id: 'a', project: 'a:b' })).message).toMatch(
      /^invalid project "a:b": one identity segment/,
    );
    expect(thrown(() => agents.register({ id: 'a', timeoutMs: 999 })).message).toBe(
      'invalid timeout: at least 1s, got 999 ms',
    );
    expect(thrown(() => agents.register({ id: 'a', pid: 0 })).code).toBe('INVALID_INPUT');
    expect(thrown(() => agents.register({ id: 'a', purpose: 'x'.repeat(1001) })).code).toBe(
      'INVALID_INPUT',
    );
    expect(thrown(() => agents.list({ project: 'no way' })).code).toBe('INVALID_INPUT');
    expect(agents.list({ all: true })).toEqual([]);
  });

  it('reaps 1,000 agents without touching the live ones', () => {
    const { agents, clock, events } = setup();
    for (let i = 0; i < 1000; i++)
      agents.register({ id: `a${i}`, pid: 10_000 + i, timeoutMs: i % 2 ? 1000 : TIMEOUT });
    clock.advance(1000);
    expect(agents.reapDead()).toHaveLength(500);
    const total = events.total();
    expect(agents.reapDead()).toEqual([]);
    expect(events.total()).toBe(total);
    expect(agents.list()).toHaveLength(500);
  });
});

describe('AgentRegistry with many pids', () => {
  it('checks them in chunks between requests and reports the dead at the next reap', async () => {
    const { agents, dead, clock } = setup();
    for (let i = 0; i < 100; i++) agents.register({ id: `a${i}`, pid: 1000 + i });
    dead.add(1005).add(1090);
    expect(agents.reapDead()).toEqual([]);
    await agents.pidSweepSettled();
    expect(agents.reapDead().map((agent) => [agent.id, agent.endReason])).toEqual([
      ['a5', 'pid-dead'],
      ['a90', 'pid-dead'],
    ]);
    await agents.pidSweepSettled();
    expect(agents.reapDead()).toEqual([]);

    // A finding goes void when the agent registers another pid before the next reap.
    dead.add(1010);
    agents.reapDead();
    await agents.pidSweepSettled();
    clock.advance(1);
    agents.register({ id: 'a10', pid: 5000 });
    expect(agents.reapDead()).toEqual([]);
    expect(agents.get('a10')?.state).toBe('alive');
  });

  it('keeps heartbeats in memory until the stored one is a quarter timeout old; the reaper and a flush honour them', () => {
    const db = openDatabase({ path: ':memory:' });
    const clock = new ManualClock();
    const events = new EventLog(db, clock);
    const agents = new AgentRegistry({
      db,
      clock,
      revision: new Revision(db),
      events,
      isPidAlive: () => true,
      timeoutMs: TIMEOUT,
    });
    const stored = () =>
      db.prepare('SELECT heartbeat_at FROM agents WHERE id = ?').pluck().get('a') as number;
    agents.register({ id: 'a' });
    const registeredAt = clock.now();

    clock.advance(TIMEOUT / 8);
    expect(agents.heartbeat('a').heartbeatAt).toBe(clock.now());
    expect(stored()).toBe(registeredAt);
    expect(agents.get('a')?.heartbeatAt).toBe(clock.now());
    expect(agents.list().map((agent) => agent.heartbeatAt)).toEqual([clock.now()]);

    // Past the stored deadline but beaten in memory since: alive, and the beat is stored.
    const beatAt = clock.now();
    clock.advance(TIMEOUT - TIMEOUT / 8 + 1);
    expect(agents.reapDead()).toEqual([]);
    expect(stored()).toBe(beatAt);
    expect(agents.get('a')?.state).toBe('stale');

    // A quarter timeout after the stored beat, the next heartbeat is written through.
    agents.heartbeat('a');
    expect(stored()).toBe(clock.now());
    clock.advance(1000);
    agents.touch('a');
    expect(stored()).toBe(clock.now() - 1000);
    agents.flushHeartbeats();
    expect(stored()).toBe(clock.now());

    clock.advance(TIMEOUT);
    expect(agents.reapDead().map((agent) => [agent.id, agent.heartbeatAt])).toEqual([
      ['a', clock.now() - TIMEOUT],
    ]);
  });
});
