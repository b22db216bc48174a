import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, Revision } from '../../store/index.js';
import { ManualClock } from '../clock.js';
import { EventLog } from '../events/index.js';
import type { InboxSink, InboxWatchEvent } from './inbox-watcher.js';
import { Inboxes } from './inboxes.js';
import { thrown } from '../../../test/helpers/pd-errors.js';

function setup(options: { retention?: number; maxPendingBytes?: number } = {}) {
  const db = openDatabase({ path: ':memory:' });
  const clock = new ManualClock();
  const events = new EventLog(db, clock);
  const inboxes = new Inboxes({ db, clock, revision: new Revision(db), events, ...options });
  return { db, clock, events, inboxes };
}

/** A sink that records events; `pending` plays the socket's unread bytes. */
function arraySink() {
  const events: InboxWatchEvent[] = [];
  let ended = false;
  let drain: (() => void) | undefined;
  const sink: InboxSink & { pending: number } = {
    pending: 0,
    send: (event) => events.push(event),
    pendingBytes: () => sink.pending,
    onDrain: (resume) => (drain = resume),
    end: () => (ended = true),
  };
  return {
    sink,
    events,
    ended: () => ended,
    drain: () => drain?.(),
    texts: () => events.flatMap((event) => (event.type === 'message' ? [event.data.text] : [])),
  };
}

describe('Inboxes', () => {
  let env: ReturnType<typeof setup>;
  afterEach(() => env?.inboxes.close());

  it('stores a message and lists it unread, with growing ids across agents', () => {
    env = setup();
    const first = env.inboxes.send({ agent: 'bob', text: 'hi', sender: 'alice' });
    const second = env.inboxes.send({ agent: 'carol', text: 'yo' });
    expect(first).toMatchObject({ agent: 'bob', text: 'hi', sender: 'alice', readAt: null });
    expect(second.id).toBeGreaterThan(first.id);
    const listing = env.inboxes.list('bob');
    expect(listing).toMatchObject({ agent: 'bob', total: 1, unread: 1, dropped: 0 });
    expect(listing.messages.map((m) => m.text)).toEqual(['hi']);
    expect(listing.lastId).toBe(second.id);
  });

  it('never marks read by listing; read(ids) and readAll do, with an activity event', () => {
    env = setup();
    const [a, b, c] = ['one', 'two', 'three'].map((text) =>
      env.inboxes.send({ agent: 'bob', text }),
    );
    env.inboxes.list('bob');
    env.inboxes.list('bob', { unread: true });
    expect(env.inboxes.list('bob').unread).toBe(3);

    env.clock.advance(1000);
    const read = env.inboxes.read('bob', [b!.id]);
    expect(read.marked).toBe(1);
    expect(read.messages[0]).toMatchObject({ id: b!.id, readAt: env.clock.now() });
    expect(env.inboxes.list('bob', { unread: true }).messages.map((m) => m.id)).toEqual([
      a!.id,
      c!.id,
    ]);
    // Reading it again marks nothing new and appends no event.
    const before = env.events.total();
    expect(env.inboxes.read('bob', [b!.id]).marked).toBe(0);
    expect(env.events.total()).toBe(before);

    const all = env.inboxes.readAll('bob');
    expect(all.messages.map((m) => m.text)).toEqual(['one', 'three']);
    expect(env.inboxes.list('bob')).toMatchObject({ total: 3, unread: 0 });
    const types = env.events.list(0, 100).map((event) => event.type);
    expect(types).toEqual(['inbox.sent', 'inbox.sent', 'inbox.sent', 'inbox.read', 'inbox.read']);
  });

  it('keeps the text out of the activity log', () => {
    env = setup();
    env.inboxes.send({ agent: 'bob', text: 'secret plan', sender: 'alice' });
    const [event] = env.events.list(0, 10);
    expect(event).toMatchObject({ type: 'inbox.sent', subject: 'bob', data: { sender: 'alice' } });
    expect(JSON.stringify(event)).not.toContain('secret plan');
  });

  it('refuses ids outside the inbox and marks nothing then', () => {
    env = setup();
    const mine = env.inboxes.send({ agent: 'bob', text: 'mine' });
    const theirs = env.inboxes.send({ agent: 'carol', text: 'theirs' });
    const error = thrown(() => env.inboxes.read('bob', [mine.id, theirs.id]));
    expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(error.message).toBe(`no message #${theirs.id} in the inbox of bob`);
    expect(env.inboxes.list('bob').unread).toBe(1);
  });

  it('keeps only the last `retention` messages per agent and counts what it dropped', () => {
    env = setup({ retention: 3 });
    for (let i = 1; i <= 5; i++) env.inboxes.send({ agent: 'bob', text: `m${i}` });
    env.inboxes.send({ agent: 'carol', text: 'other' });
    const listing = env.inboxes.list('bob');
    expect(listing.messages.map((m) => m.text)).toEqual(['m3', 'm4', 'm5']);
    expect(listing).toMatchObject({ total: 3, unread: 3, dropped: 2 });
    expect(env.inboxes.list('carol')).toMatchObject({ total: 1, dropped: 0 });
  });

  it('rejects agent ids outside the rule', () => {
    env = setup();
    for (const agent of ['', 'a b', 'a/b', 'x'.repeat(201)]) {
      const error = thrown(() => env.inboxes.send({ agent, text: 'x' }));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toContain(`invalid agent id "${agent}"`);
    }
    expect(() => env.inboxes.send({ agent: 'Agent.1_x:y@h-2', text: 'ok' })).not.toThrow();
  });

  it('pages through a big inbox with since and limit', () => {
    env = setup();
    for (let i = 0; i < 5; i++) env.inboxes.send({ agent: 'bob', text: `m${i}` });
    const first = env.inboxes.list('bob', { limit: 2 });
    const next = env.inboxes.list('bob', { since: first.messages.at(-1)!.id, limit: 2 });
    expect([...first.messages, ...next.messages].map((m) => m.text)).toEqual([
      'm0',
      'm1',
      'm2',
      'm3',
    ]);
  });
});

describe('InboxWatcher', () => {
  let env: ReturnType<typeof setup>;
  afterEach(() => env?.inboxes.close());

  it('sends ready, then only new messages of its agent, live', () => {
    env = setup();
    env.inboxes.send({ agent: 'bob', text: 'old' });
    const out = arraySink();
    env.inboxes.watch('bob', undefined, () => out.sink);
    env.inboxes.send({ agent: 'carol', text: 'not mine' });
    env.inboxes.send({ agent: 'bob', text: 'new' });
    expect(out.events[0]).toMatchObject({ type: 'ready', data: { agent: 'bob' } });
    expect(out.texts()).toEqual(['new']);
    // Watching marks nothing read.
    expect(env.inboxes.list('bob').unread).toBe(2);
  });

  it('replays after `since` without duplicates, then follows', () => {
    env = setup();
    const first = env.inboxes.send({ agent: 'bob', text: 'a' });
    env.inboxes.send({ agent: 'bob', text: 'b' });
    const out = arraySink();
    const watcher = env.inboxes.watch('bob', first.id, () => out.sink);
    env.inboxes.send({ agent: 'bob', text: 'c' });
    expect(out.texts()).toEqual(['b', 'c']);
    expect(watcher.lastId).toBe(out.events.at(-1)!.id);
  });

  it('cuts off a reader that lets too much pile up, with a final overflow event', () => {
    env = setup({ maxPendingBytes: 100 });
    const out = arraySink();
    const watcher = env.inboxes.watch('bob', undefined, () => out.sink);
    env.inboxes.send({ agent: 'bob', text: 'a' });
    out.sink.pending = 1000;
    env.inboxes.send({ agent: 'bob', text: 'b' });
    expect(out.events.at(-1)).toMatchObject({ type: 'overflow' });
    expect(out.ended()).toBe(true);
    expect(watcher.done).toBe(true);
    expect(env.inboxes.watcherCount()).toBe(0);
  });

  it('ends every watch with shutdown on close and refuses new ones', () => {
    env = setup();
    const out = arraySink();
    env.inboxes.watch('bob', undefined, () => out.sink);
    env.inboxes.close();
    expect(out.events.at(-1)).toMatchObject({ type: 'shutdown' });
    expect(thrown(() => env.inboxes.watch('bob', 0, () => out.sink)).code).toBe('SHUTTING_DOWN');
  });

  it('pauses the replay while the reader is behind and resumes on drain', () => {
    env = setup({ maxPendingBytes: 100 });
    for (let i = 0; i < 3; i++) env.inboxes.send({ agent: 'bob', text: `m${i}` });
    const out = arraySink();
    out.sink.pending = 60;
    env.inboxes.watch('bob', 0, () => out.sink);
    expect(out.texts()).toEqual([]);
    out.sink.pending = 0;
    out.drain();
    expect(out.texts()).toEqual(['m0', 'm1', 'm2']);
  });
});
