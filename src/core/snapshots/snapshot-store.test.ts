import { describe, expect, it } from 'vitest';
import { openDatabase, Revision } from '../../store/index.js';
import { ManualClock } from '../clock.js';
import { EventLog } from '../events/index.js';
import { DEFAULT_SNAPSHOT_LIMITS, type SnapshotLimits } from './snapshot-limits.js';
import { sha256, SnapshotStore } from './snapshot-store.js';

function setup(limits: Partial<SnapshotLimits> = {}) {
  const db = openDatabase({ path: ':memory:' });
  const clock = new ManualClock();
  const events = new EventLog(db, clock);
  const store = new SnapshotStore({
    db,
    clock,
    revision: new Revision(db),
    events,
    limits: { ...DEFAULT_SNAPSHOT_LIMITS, ...limits },
  });
  return { clock, events, store };
}

const file = (path: string) => ({ root: '/repo', path, agentId: 'a1', sessionId: 's1' });
const bytes = (text: string) => Buffer.from(text);

describe('SnapshotStore', () => {
  it('keeps a copy with its metadata and content, and announces it without the content', () => {
    const { clock, events, store } = setup();
    const { snapshot, kept } = store.keep(file('src/a.ts'), 'baseline', bytes('one'));
    expect(kept).toBe(true);
    expect(snapshot).toEqual({
      id: 1,
      root: '/repo',
      path: 'src/a.ts',
      kind: 'baseline',
      size: 3,
      sha256: sha256(bytes('one')),
      at: clock.now(),
      agentId: 'a1',
      sessionId: 's1',
      skipped: null,
    });
    expect(store.content(1)).toEqual(bytes('one'));
    // Baselines are not news; a copy of a change is.
    expect(events.list(0, 10)).toEqual([]);
    store.keep(file('src/a.ts'), 'change', bytes('two'));
    const [event] = events.list(0, 10);
    expect(event).toMatchObject({
      type: 'snapshot.taken',
      subject: '/repo/src/a.ts',
      data: { id: 2, path: 'src/a.ts', kind: 'change', size: 3, agent: 'a1', pruned: 0 },
    });
    expect(JSON.stringify(event!.data)).not.toContain('two');
  });

  it('keeps nothing when the bytes equal the last copy of that file', () => {
    const { store } = setup();
    store.keep(file('a'), 'baseline', bytes('same'));
    const again = store.keep(file('a'), 'change', bytes('same'));
    expect(again).toMatchObject({ kept: false, snapshot: { id: 1 } });
    // The same bytes in another file are another file's copy.
    expect(store.keep(file('b'), 'change', bytes('same')).kept).toBe(true);
    // Back to earlier bytes after a change is a new version.
    store.keep(file('a'), 'change', bytes('other'));
    expect(store.keep(file('a'), 'change', bytes('same')).kept).toBe(true);
    expect(store.count()).toBe(4);
  });

  it('lists newest first, by root, path or both, without reading content', () => {
    const { clock, store } = setup();
    for (const [root, path] of [
      ['/repo', 'a'],
      ['/repo', 'b'],
      ['/other', 'a'],
      ['/repo', 'a'],
    ] as const) {
      clock.advance(1000);
      store.keep({ ...file(path), root }, 'change', bytes(`${root}${path}${clock.now()}`));
    }
    const ids = (filter: { root?: string; path?: string; limit?: number }) =>
      store.list({ limit: 100, ...filter }).map((snapshot) => snapshot.id);
    expect(ids({})).toEqual([4, 3, 2, 1]);
    expect(ids({ root: '/repo' })).toEqual([4, 2, 1]);
    expect(ids({ path: 'a' })).toEqual([4, 3, 1]);
    expect(ids({ root: '/repo', path: 'a' })).toEqual([4, 1]);
    expect(ids({ limit: 2 })).toEqual([4, 3]);
    expect(store.list({ limit: 1 })[0]).not.toHaveProperty('content');
  });

  it('records a file over the size cap without its bytes, once per size', () => {
    const { store } = setup({ maxFileBytes: 10 });
    const big = store.keep(file('big.bin'), 'change', Buffer.alloc(11));
    expect(big).toMatchObject({
      kept: true,
      snapshot: { size: 11, sha256: null, skipped: 'too-large' },
    });
    expect(store.content(big.snapshot!.id)).toBeNull();
    expect(store.keepSkipped(file('big.bin'), 'change', 11).kept).toBe(false);
    expect(store.keepSkipped(file('big.bin'), 'change', 12).kept).toBe(true);
    expect(store.keptBytes()).toBe(0);
  });

  it('keeps at most N copies of a file, dropping the oldest but the newest baseline', () => {
    const { events, store } = setup({ maxCopiesPerFile: 3 });
    store.keep(file('a'), 'baseline', bytes('v0'));
    for (let version = 1; version <= 5; version++) {
      store.keep(file('a'), 'change', bytes(`v${version}`));
    }
    const kept = store.list({ root: '/repo', path: 'a', limit: 100 });
    expect(kept.map((snapshot) => [snapshot.id, snapshot.kind])).toEqual([
      [6, 'change'],
      [5, 'change'],
      [1, 'baseline'],
    ]);
    expect(store.content(1)).toEqual(bytes('v0'));
    expect(events.list(0, 10).at(-1)!.data.pruned).toBe(1);

    // A new claim's baseline replaces the old one as the copy that stays.
    store.keep(file('a'), 'baseline', bytes('w0'));
    store.keep(file('a'), 'change', bytes('w1'));
    store.keep(file('a'), 'change', bytes('w2'));
    const after = store.list({ root: '/repo', path: 'a', limit: 100 });
    expect(after.map((snapshot) => snapshot.kind)).toEqual(['change', 'change', 'baseline']);
    expect(store.content(after[2]!.id)).toEqual(bytes('w0'));
  });

  it('drops the oldest copies of any file once the total passes the cap', () => {
    const { store } = setup({ maxTotalBytes: 25 });
    store.keep(file('a'), 'change', Buffer.alloc(10, 1));
    store.keep(file('b'), 'change', Buffer.alloc(10, 2));
    expect(store.keptBytes()).toBe(20);
    store.keep(file('c'), 'change', Buffer.alloc(10, 3));
    expect(store.keptBytes()).toBe(20);
    expect(store.list({ limit: 10 }).map((snapshot) => snapshot.path)).toEqual(['c', 'b']);
    // A single copy at the cap evicts everything else but is itself kept.
    store.keep(file('d'), 'change', Buffer.alloc(25, 4));
    expect(store.list({ limit: 10 }).map((snapshot) => snapshot.path)).toEqual(['d']);
  });
});
