import { describe, expect, it } from 'vitest';
import { FakeSink as BaseSink } from '../../../test/helpers/fake-sink.js';
import {
  LiveStream,
  type LiveStreamEvent,
  type LiveStreamSource,
  type StreamListener,
} from './live-stream.js';

interface Item {
  id: number;
  value: string;
}
type Event = LiveStreamEvent<Item, { since: number }>;

class FakeSink extends BaseSink<Event> {
  ids() {
    return this.events.flatMap((event) => (event.type === 'message' ? [event.data.id] : []));
  }
}

/** A store of items with ids 1..n and one live listener. */
class FakeSource implements LiveStreamSource<Item, { since: number }> {
  items: Item[] = [];
  listener: StreamListener<Item> | undefined;
  pages = 0;
  add(count: number) {
    for (let i = 0; i < count; i++) {
      const item = { id: this.items.length + 1, value: `v${this.items.length + 1}` };
      this.items.push(item);
      this.listener?.message(item);
    }
  }
  listen(listener: StreamListener<Item>) {
    this.listener = listener;
    return () => {
      this.listener = undefined;
    };
  }
  ready(since: number) {
    return { since };
  }
  page(cursor: number, limit: number) {
    this.pages++;
    return this.items.filter((item) => item.id > cursor).slice(0, limit);
  }
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

function start(source: FakeSource, sink: FakeSink, since: number, maxPendingBytes = 1000) {
  const stream = new LiveStream({ since, maxPendingBytes }, sink, source);
  stream.start();
  return stream;
}

describe('LiveStream', () => {
  it('sends ready, replays after since, then forwards live items once', () => {
    const source = new FakeSource();
    source.add(3);
    const sink = new FakeSink(true);
    const stream = start(source, sink, 1);
    source.add(2);
    expect(sink.events[0]).toEqual({ type: 'ready', id: 1, data: { since: 1 } });
    expect(sink.ids()).toEqual([2, 3, 4, 5]);
    expect(sink.events.slice(1).map((event) => event.id)).toEqual([2, 3, 4, 5]);
    expect(stream.lastId).toBe(5);
  });

  it('reads pages of 200 until a short one', () => {
    const source = new FakeSource();
    source.add(450);
    const sink = new FakeSink(true);
    start(source, sink, 0, 1_000_000);
    expect(sink.ids()).toEqual(range(1, 450));
    expect(source.pages).toBe(3);
  });

  it('pauses at half the buffer and picks up what came meanwhile from the store', () => {
    const source = new FakeSource();
    source.add(8);
    const sink = new FakeSink(false);
    start(source, sink, 0);
    // ready + 5 messages reach 600 bytes, over the 500-byte low water mark.
    expect(sink.ids()).toEqual([1, 2, 3, 4, 5]);
    sink.drain();
    source.add(1);
    sink.drain();
    expect(sink.ids()).toEqual(range(1, 9));
    expect(sink.ended).toBe(false);
  });

  it('cuts off a reader past maxPendingBytes with a final overflow event', () => {
    const source = new FakeSource();
    const sink = new FakeSink(false);
    const stream = start(source, sink, 0);
    source.add(20);
    const last = sink.events.at(-1)!;
    expect(last.type).toBe('overflow');
    expect(last).toMatchObject({ id: stream.lastId, data: { lastId: stream.lastId } });
    expect(sink.ended).toBe(true);
    expect(stream.done).toBe(true);
    expect(source.listener).toBeUndefined();
  });

  it('ends with a shutdown event when the source closes, once', () => {
    const source = new FakeSource();
    const sink = new FakeSink(true);
    start(source, sink, 0);
    const listener = source.listener!;
    listener.close('stopping');
    listener.close('again');
    expect(sink.events.map((event) => event.type)).toEqual(['ready', 'shutdown']);
    expect(sink.events[1]).toEqual({
      type: 'shutdown',
      id: 0,
      data: { reason: 'stopping', lastId: 0 },
    });
  });

  it('forgets a reader that went away: no more events, no resume after drain', () => {
    const source = new FakeSource();
    source.add(8);
    const sink = new FakeSink(false);
    const stream = start(source, sink, 0);
    stream.stop();
    sink.drain();
    expect(sink.ids()).toEqual([1, 2, 3, 4, 5]);
    expect(sink.ended).toBe(false);
  });
});
