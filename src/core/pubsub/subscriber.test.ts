import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../store/index.js';
import { ManualClock } from '../clock.js';
import { EventLog } from '../events/index.js';
import { PubSub } from './pubsub.js';
import { FakeSink as BaseSink } from '../../../test/helpers/fake-sink.js';
import type { SubscriberEvent } from './subscriber.js';

class FakeSink extends BaseSink<SubscriberEvent> {
  data() {
    return this.events.flatMap((event) => (event.type === 'message' ? [event.data.data] : []));
  }
}

function setup(options: { retention?: number; maxPendingBytes?: number } = {}) {
  const db = openDatabase({ path: ':memory:' });
  const clock = new ManualClock();
  return new PubSub({ db, clock, events: new EventLog(db, clock), ...options });
}

describe('Subscriber', () => {
  it('replays from since, then forwards live messages without duplicates', () => {
    const pubsub = setup();
    const first = pubsub.publish({ channel: 'c', data: 1 });
    pubsub.publish({ channel: 'c', data: 2 });
    const sink = new FakeSink(true);
    pubsub.subscribe(['c'], first.id, () => sink);
    pubsub.publish({ channel: 'c', data: 3 });
    pubsub.publish({ channel: 'elsewhere', data: 'no' });
    expect(sink.types()).toEqual(['ready', 'message', 'message']);
    expect(sink.data()).toEqual([2, 3]);
    expect(sink.events.map((event) => event.id)).toEqual([first.id, first.id + 1, first.id + 2]);
  });

  it('starts from now without since', () => {
    const pubsub = setup();
    pubsub.publish({ channel: 'c', data: 'old' });
    const sink = new FakeSink(true);
    pubsub.subscribe(['c'], undefined, () => sink);
    pubsub.publish({ channel: 'c', data: 'new' });
    expect(sink.data()).toEqual(['new']);
  });

  it('sends a reset first when asked for an id older than retained', () => {
    const pubsub = setup({ retention: 2 });
    for (let i = 0; i < 5; i++) pubsub.publish({ channel: 'c', data: i });
    const sink = new FakeSink(true);
    pubsub.subscribe(['c'], 0, () => sink);
    expect(sink.types()).toEqual(['ready', 'reset', 'message', 'message']);
    expect(sink.events[1]!.data).toMatchObject({ channel: 'c', missed: 3 });
    expect(sink.data()).toEqual([3, 4]);
  });

  it('pauses the replay for a slow reader and picks up what was published meanwhile', () => {
    const pubsub = setup({ maxPendingBytes: 1000 });
    for (let i = 0; i < 20; i++) pubsub.publish({ channel: 'c', data: i });
    const sink = new FakeSink(false);
    pubsub.subscribe(['c'], 0, () => sink);
    // Half the buffer (500 bytes) then it waits: ready + 5 messages.
    expect(sink.data()).toEqual([0, 1, 2, 3, 4]);
    sink.drain();
    pubsub.publish({ channel: 'c', data: 20 });
    sink.drain();
    sink.drain();
    sink.drain();
    expect(sink.data()).toEqual(Array.from({ length: 21 }, (_, i) => i));
    expect(sink.ended).toBe(false);
  });

  it('cuts off a reader whose buffer overflows, and nobody else notices', () => {
    const pubsub = setup({ maxPendingBytes: 1000 });
    const slow = new FakeSink(false);
    const fast = new FakeSink(true);
    pubsub.subscribe(['c'], undefined, () => slow);
    pubsub.subscribe(['c'], undefined, () => fast);
    for (let i = 0; i < 30; i++) pubsub.publish({ channel: 'c', data: i });
    expect(fast.data()).toHaveLength(30);
    expect(slow.ended).toBe(true);
    expect(slow.types().at(-1)).toBe('overflow');
    const lastSent = slow.events.at(-2)!.id;
    expect(slow.events.at(-1)).toMatchObject({ type: 'overflow', id: lastSent });
    expect(slow.data().length).toBeLessThan(30);
    expect(pubsub.subscriberCount()).toBe(1);
  });

  it('ends every subscriber with a shutdown event on close', () => {
    const pubsub = setup();
    const sink = new FakeSink(true);
    pubsub.subscribe(['a:>'], undefined, () => sink);
    pubsub.close();
    expect(sink.types()).toEqual(['ready', 'shutdown']);
    expect(sink.ended).toBe(true);
    expect(() => pubsub.subscribe(['a'], undefined, () => new FakeSink(true))).toThrow(/stopping/);
  });
});
