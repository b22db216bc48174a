import { describe, expect, it } from 'vitest';
import { openDatabase, Revision } from '../../store/index.js';
import { ManualClock } from '../clock.js';
import { EventLog, type ActivityEvent } from '../events/index.js';
import { ServiceRegistry, type ServiceReport } from './service-registry.js';
import { thrown } from '../../../test/helpers/pd-errors.js';

function setup() {
  const db = openDatabase({ path: ':memory:' });
  const clock = new ManualClock();
  const events = new EventLog(db, clock);
  const dead = new Set<number>();
  const seen: ActivityEvent[] = [];
  events.subscribe((event) => seen.push(event));
  const registry = new ServiceRegistry({
    db,
    clock,
    revision: new Revision(db),
    events,
    isPidAlive: (pid) => !dead.has(pid),
  });
  return { clock, dead, seen, registry };
}

const report = (overrides: Partial<ServiceReport> = {}): ServiceReport => ({
  project: 'myapp',
  name: 'api',
  identity: 'myapp:api',
  state: 'starting',
  pid: 200,
  port: 4100,
  restarts: 0,
  startedAt: 1_700_000_000_000,
  exitCode: null,
  message: null,
  host: 'cli',
  hostPid: 100,
  ...overrides,
});

describe('ServiceRegistry', () => {
  it('upserts reports and tells of state changes only', () => {
    const { registry, seen } = setup();
    registry.report(report());
    registry.report(report({ pid: 201 }));
    registry.report(report({ state: 'ready' }));
    expect(registry.get('myapp:api')).toMatchObject({ state: 'ready', pid: 200, host: 'cli' });
    expect(seen.map((event) => event.type)).toEqual([
      'service.state',
      'service.state',
      'service.ready',
    ]);
    expect(seen[1]!.data).toMatchObject({ state: 'ready', previous: 'starting' });
    expect(seen[1]!.revision).toBe(seen[2]!.revision);
  });

  it('marks any identity ready, and a new run clears the mark', () => {
    const { registry, seen } = setup();
    expect(registry.markReady('Other:Db')).toMatchObject({
      identity: 'other:db',
      project: 'other',
      name: 'db',
      host: 'external',
      markedReady: true,
    });
    registry.report(report({ state: 'unhealthy' }));
    registry.markReady('myapp:api');
    expect(registry.get('myapp:api').markedReady).toBe(true);
    registry.report(report({ state: 'restarting' }));
    expect(registry.get('myapp:api').markedReady).toBe(false);
    expect(seen.filter((event) => event.type === 'service.ready').map((e) => e.data.by)).toEqual([
      'marked',
      'marked',
    ]);
  });

  it('says NOT_FOUND for an unknown service and INVALID_IDENTITY for a bad one', () => {
    const { registry } = setup();
    expect(thrown(() => registry.get('myapp:nope'))).toMatchObject({ code: 'NOT_FOUND' });
    expect(thrown(() => registry.markReady('a:b:c:d'))).toMatchObject({
      code: 'INVALID_IDENTITY',
    });
  });

  it('lists by project', () => {
    const { registry } = setup();
    registry.report(report());
    registry.report(report({ project: 'other', identity: 'other:web', name: 'web' }));
    expect(registry.list('myapp').map((record) => record.identity)).toEqual(['myapp:api']);
    expect(registry.list()).toHaveLength(2);
  });

  it('stops the services of a host that died', () => {
    const { registry, dead } = setup();
    registry.report(report({ state: 'ready' }));
    expect(registry.reapDeadHosts()).toEqual([]);
    dead.add(100);
    const [reaped] = registry.reapDeadHosts();
    expect(reaped).toMatchObject({ state: 'stopped', pid: null, hostPid: 100 });
    expect(reaped!.message).toMatch(/pd up \(pid 100\) exited/);
    expect(registry.reapDeadHosts()).toEqual([]);
  });

  it('waits until every identity is ready, or answers which are not at the timeout', async () => {
    const { registry } = setup();
    const waiting = registry.waitReady(['myapp:api', 'myapp:web'], 5_000);
    registry.report(report({ state: 'ready' }));
    registry.markReady('myapp:web');
    await expect(waiting).resolves.toEqual({ ready: ['myapp:api', 'myapp:web'], notReady: [] });
    const timedOut = await registry.waitReady(['myapp:api', 'myapp:db'], 20);
    expect(timedOut).toEqual({ ready: ['myapp:api'], notReady: ['myapp:db'] });
  });

  it('runs what the daemon registered to stop its services, once', async () => {
    const { registry } = setup();
    let stops = 0;
    registry.onClose(async () => void stops++);
    await Promise.all([registry.close(), registry.close()]);
    expect(stops).toBe(1);
  });
});
