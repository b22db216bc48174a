import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, Revision } from '../../store/index.js';
import { ManualClock } from '../clock.js';
import { EventLog } from '../events/index.js';
import { thrown } from '../../../test/helpers/pd-errors.js';
import type { ActiveClaim } from './snapshots.js';
import { Snapshots } from './snapshots.js';

let root: string;
let snapshots: Snapshots | undefined;

function setup(active: ActiveClaim[] = [], limits = {}) {
  const db = openDatabase({ path: ':memory:' });
  const clock = new ManualClock();
  const events = new EventLog(db, clock);
  const revision = new Revision(db);
  const warnings: string[] = [];
  snapshots = new Snapshots({
    db,
    clock,
    revision,
    events,
    activeClaims: () => active,
    limits: { debounceMs: 30, ...limits },
    warn: (message) => warnings.push(message),
  });
  // Stands in for the file claims domain: the same events it appends.
  const announce = (type: 'file.claimed' | 'file.released', pattern: string, token: number) =>
    events.transact(() =>
      events.append(revision.next(), type, pattern, {
        root,
        pattern,
        agent: 'agent-1',
        session: 'session-1',
        shared: false,
        token,
      }),
    );
  return { snapshots, events, warnings, announce };
}

const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
};
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const contents = (list: { id: number }[]) =>
  list.map((snapshot) => snapshots!.content(snapshot.id)!.toString());

async function until<T>(check: () => T, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const history = (file: string) => snapshots!.list({ root, path: file, limit: 100 });

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pd-snapshots-')));
});

afterEach(async () => {
  await snapshots?.close();
  snapshots = undefined;
  fs.rmSync(root, { recursive: true, force: true });
});

describe('Snapshots', () => {
  it('keeps the bytes from before a claim at once, then each new version', async () => {
    write('src/a.ts', 'v0');
    const { announce } = setup();
    announce('file.claimed', 'src/a.ts', 1);
    // The baseline is taken while the claim is announced, before any edit could land.
    expect(contents(history('src/a.ts'))).toEqual(['v0']);
    await until(() => snapshots!.ready);
    write('src/a.ts', 'v1');
    await until(() => history('src/a.ts').length === 2);
    // Written right after the last copy: chokidar drops this event (its 50 ms throttle).
    write('src/a.ts', 'v2');
    await until(() => history('src/a.ts').length === 3);
    expect(contents(history('src/a.ts'))).toEqual(['v2', 'v1', 'v0']);
    expect(history('src/a.ts').map((snapshot) => snapshot.kind)).toEqual([
      'change',
      'change',
      'baseline',
    ]);
    expect(history('src/a.ts')[0]).toMatchObject({ agentId: 'agent-1', sessionId: 'session-1' });
  });

  it('makes one copy of a burst of writes', async () => {
    write('a.txt', 'start');
    const { announce } = setup([], { debounceMs: 150 });
    announce('file.claimed', 'a.txt', 1);
    await until(() => snapshots!.ready);
    for (let i = 1; i <= 5; i++) write('a.txt', `burst ${i}`);
    await until(() => history('a.txt').length === 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(contents(history('a.txt'))).toEqual(['burst 5', 'start']);
  });

  it('watches a glob: baselines of matching files, new versions, nothing else', async () => {
    write('src/a.ts', 'a0');
    write('src/deep/b.ts', 'b0');
    write('src/c.md', 'c0');
    write('node_modules/x/d.ts', 'd0');
    const { announce } = setup();
    announce('file.claimed', '**/*.ts', 7);
    await until(() => snapshots!.ready && history('src/deep/b.ts').length === 1);
    await until(() => history('src/a.ts').length === 1);
    write('src/deep/b.ts', 'b1');
    write('src/c.md', 'c1');
    write('src/new.ts', 'n0');
    await until(() => history('src/deep/b.ts').length === 2 && history('src/new.ts').length === 1);
    expect(history('src/c.md')).toEqual([]);
    expect(history('node_modules/x/d.ts')).toEqual([]);
  });

  it('copies files claimed before their folder exists, once they are written', async () => {
    write('other/x.ts', 'not claimed');
    const { announce } = setup();
    announce('file.claimed', 'new/deeper/file.ts', 1);
    announce('file.claimed', 'gen/**/*.ts', 2);
    await until(() => snapshots!.ready);
    write('new/deeper/file.ts', 'first');
    write('gen/a/b.ts', 'generated');
    await until(() => history('new/deeper/file.ts').length === 1);
    await until(() => history('gen/a/b.ts').length === 1);
    write('new/deeper/file.ts', 'second');
    await until(() => history('new/deeper/file.ts').length === 2);
    expect(contents(history('new/deeper/file.ts'))).toEqual(['second', 'first']);
    expect(snapshots!.list({ limit: 100 }).map((snapshot) => snapshot.path)).not.toContain(
      'other/x.ts',
    );
  });

  it('stops copying once the claim is released', async () => {
    write('a.txt', 'v0');
    const { announce } = setup();
    announce('file.claimed', 'a.txt', 1);
    await until(() => snapshots!.ready);
    announce('file.released', 'a.txt', 1);
    expect(snapshots!.watched()).toEqual([]);
    write('a.txt', 'v1');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(contents(history('a.txt'))).toEqual(['v0']);
  });

  it('watches the claims active at start-up', async () => {
    write('a.txt', 'v0');
    setup([{ root, pattern: 'a.txt', agentId: 'agent-9', sessionId: null, token: 3 }]);
    expect(history('a.txt')[0]).toMatchObject({ kind: 'baseline', agentId: 'agent-9' });
    await until(() => snapshots!.ready);
    write('a.txt', 'v1');
    await until(() => history('a.txt').length === 2);
  });

  it('restores a version atomically, keeping the current bytes to undo it', async () => {
    write('a.txt', 'original');
    fs.chmodSync(path.join(root, 'a.txt'), 0o600);
    const { announce, events } = setup();
    announce('file.claimed', 'a.txt', 1);
    await until(() => snapshots!.ready);
    write('a.txt', 'edited');
    await until(() => history('a.txt').length === 2);
    const baseline = history('a.txt').at(-1)!;

    const { restored, previous } = snapshots!.restore(baseline.id, 'agent-2');
    expect(read('a.txt')).toBe('original');
    expect(fs.statSync(path.join(root, 'a.txt')).mode & 0o777).toBe(0o600);
    expect(snapshots!.content(previous!.id)!.toString()).toBe('edited');
    expect(restored).toMatchObject({ kind: 'restore', agentId: 'agent-2' });
    expect(fs.readdirSync(root)).toEqual(['a.txt']);
    expect(events.list(0, 100).at(-1)).toMatchObject({
      type: 'snapshot.restored',
      data: { id: baseline.id, restored: restored.id, previous: previous!.id, agent: 'agent-2' },
    });

    // The watcher sees the restore's write but keeps no duplicate of it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(history('a.txt')[0]!.id).toBe(restored.id);
    snapshots!.restore(previous!.id);
    expect(read('a.txt')).toBe('edited');
  });

  it('brings back a deleted file, and refuses unknown ids and paths leaving the root', async () => {
    write('gone/a.txt', 'keep me');
    const { announce } = setup();
    announce('file.claimed', 'gone/a.txt', 1);
    const [baseline] = history('gone/a.txt');
    fs.rmSync(path.join(root, 'gone'), { recursive: true });
    expect(snapshots!.restore(baseline!.id).previous).toBeNull();
    expect(read('gone/a.txt')).toBe('keep me');

    expect(thrown(() => snapshots!.restore(999))).toMatchObject({ code: 'NOT_FOUND' });
    // The folder became a symlink to somewhere else: writing through it would leave the root.
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-outside-'));
    fs.rmSync(path.join(root, 'gone'), { recursive: true });
    fs.symlinkSync(outside, path.join(root, 'gone'));
    expect(thrown(() => snapshots!.restore(baseline!.id))).toMatchObject({
      code: 'NOT_RESTORABLE',
      details: { reason: 'symlink-escape' },
    });
    expect(fs.readdirSync(outside)).toEqual([]);
    fs.rmSync(outside, { recursive: true });
  });

  it('lists a file over the size cap as skipped and refuses to restore it', async () => {
    write('big.bin', 'x'.repeat(64));
    const { announce } = setup([], { maxFileBytes: 32 });
    announce('file.claimed', 'big.bin', 1);
    const [skipped] = history('big.bin');
    expect(skipped).toMatchObject({ size: 64, skipped: 'too-large', sha256: null });
    expect(thrown(() => snapshots!.restore(skipped!.id))).toMatchObject({
      code: 'NOT_RESTORABLE',
      details: { reason: 'not-kept' },
    });
  });

  it('never copies through a symlink', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-outside-'));
    fs.writeFileSync(path.join(outside, 'secret'), 'secret');
    fs.symlinkSync(path.join(outside, 'secret'), path.join(root, 'link'));
    const { announce } = setup();
    announce('file.claimed', 'link', 1);
    expect(history('link')).toEqual([]);
    fs.rmSync(outside, { recursive: true });
  });

  it('closes quickly and more than once', async () => {
    const { announce } = setup();
    announce('file.claimed', '**/*', 1);
    const first = snapshots!.close();
    expect(snapshots!.close()).toBe(first);
    await first;
  });
});
