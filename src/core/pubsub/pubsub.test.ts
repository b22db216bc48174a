import { describe, expect, it } from 'vitest';
import { openDatabase, Revision } from '../../store/index.js';
import { ManualClock } from '../clock.js';
import { EventLog } from '../events/index.js';
import type { Message } from './messages-table.js';
import { PubSub } from './pubsub.js';

function setup(retention = 1000) {
  const db = openDatabase({ path: ':memory:' });
  const clock = new ManualClock();
  const events = new EventLog(db, clock);
  return {
    db,
    events,
    revision: new Revision(db),
    pubsub: new PubSub({ db, clock, events, retention }),
  };
}

describe('PubSub', () => {
  it('gives ids that only grow across channels, and reads them back in order', () => {
    const { pubsub } = setup();
    const a = pubsub.publish({ channel: 'a', data: 'one' });
    const b = pubsub.publish({ channel: 'b', data: { n: 2 }, signal: 'mayday', sender: 'me' });
    expect(b.id).toBeGreaterThan(a.id);
    const read = pubsub.read(['a', 'b'], 0, 10);
    expect(read.messages.map((m) => m.data)).toEqual(['one', { n: 2 }]);
    expect(read.messages[1]).toMatchObject({ signal: 'mayday', sender: 'me', channel: 'b' });
    expect(read.lastId).toBe(b.id);
    expect(pubsub.read(['a'], a.id, 10).messages).toEqual([]);
  });

  it('keeps the last N per channel and reports what a reader missed', () => {
    const { pubsub } = setup(3);
    const ids = Array.from({ length: 10 }, (_, i) => pubsub.publish({ channel: 'r', data: i }).id);
    pubsub.publish({ channel: 'other', data: 'kept' });
    const read = pubsub.read(['r'], 0, 100);
    expect(read.messages.map((m) => m.data)).toEqual([7, 8, 9]);
    expect(read.resets).toEqual([
      { channel: 'r', since: 0, missed: 7, droppedThrough: ids[6], oldestId: ids[7] },
    ]);
    expect(pubsub.read(['r'], ids[4]!, 100).resets[0]?.missed).toBe(2);
    expect(pubsub.read(['r'], ids[6]!, 100).resets).toEqual([]);
    expect(pubsub.read(['other'], 0, 100).messages).toHaveLength(1);
  });

  it('reads patterns over the channels it knows', () => {
    const { pubsub } = setup();
    for (const channel of ['a', 'a:b', 'a:b:c', 'x:b']) pubsub.publish({ channel, data: channel });
    const data = (patterns: string[]) => pubsub.read(patterns, 0, 100).messages.map((m) => m.data);
    expect(data(['a:*'])).toEqual(['a:b']);
    expect(data(['a:>'])).toEqual(['a', 'a:b', 'a:b:c']);
    expect(data(['*:b'])).toEqual(['a:b', 'x:b']);
  });

  it('refuses reserved channels and unknown signals', () => {
    const { pubsub } = setup();
    expect(() => pubsub.publish({ channel: 'pd:events', data: 1 })).toThrow(/reserved/);
    expect(() => pubsub.publish({ channel: 'a', data: 1, signal: 'help' })).toThrow(/signal/);
    expect(() => pubsub.read([], 0, 1)).toThrow(/at least one/);
  });

  it('publishes every committed activity event on pd:events', () => {
    const { pubsub, events, revision } = setup();
    const heard: Message[] = [];
    pubsub.listen((channel) => channel === 'pd:events', {
      message: (m) => heard.push(m),
      close() {},
    });
    events.transact(() => events.append(revision.next(), 'claim.created', 'x:y', { port: 1 }));
    expect(() =>
      events.transact(() => {
        events.append(revision.next(), 'claim.created', 'rolled:back', {});
        throw new Error('no');
      }),
    ).toThrow();
    expect(heard.map((m) => m.data)).toMatchObject([{ type: 'claim.created', subject: 'x:y' }]);
    expect(pubsub.read(['pd:>'], 0, 10).messages).toHaveLength(1);
  });
});
