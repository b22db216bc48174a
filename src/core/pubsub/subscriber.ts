import { LiveStream, type LiveStreamEvent, type StreamSink } from '../streams/index.js';
import type { ChannelMatcher } from './channel-pattern.js';
import type { Message } from './messages-table.js';
import type { PubSub, Reset } from './pubsub.js';

interface SubscriberReady {
  channels: string[];
  since: number;
  lastId: number;
}

/** What a subscriber sends; `id` is the reader's cursor after this event (SSE `id:`). */
export type SubscriberEvent =
  LiveStreamEvent<Message, SubscriberReady> | { type: 'reset'; id: number; data: Reset };

/** Where a subscriber writes: an SSE response in the daemon, an array in tests. */
export type SubscriberSink = StreamSink<SubscriberEvent>;

export interface SubscriberOptions {
  patterns: readonly string[];
  matches: ChannelMatcher;
  since: number;
  maxPendingBytes: number;
}

/**
 * One live subscription with a bounded buffer (see LiveStream): retained messages page by page,
 * then live ones. Before each page it tells the reader what retention dropped on its channels.
 */
export class Subscriber extends LiveStream<Message, SubscriberReady> {
  constructor(options: SubscriberOptions, sink: SubscriberSink, pubsub: PubSub) {
    const channels = () => pubsub.channelsMatching(options.patterns, options.matches);
    // The newest id each channel's reset was reported through, so none is told twice.
    const reported = new Map<string, number>();
    const sendResets = (names: readonly string[], cursor: number) => {
      for (const channel of names) {
        const since = Math.max(cursor, reported.get(channel) ?? 0);
        const reset = pubsub.resetFor(channel, since);
        if (!reset) continue;
        reported.set(channel, reset.droppedThrough);
        sink.send({ type: 'reset', id: cursor, data: reset });
      }
    };
    super(options, sink, {
      listen: (listener) => pubsub.listen(options.matches, listener),
      ready: (since) => ({ channels: channels(), since, lastId: pubsub.lastId() }),
      page: (cursor, limit) => {
        const names = channels();
        sendResets(names, cursor);
        return pubsub.messagesSince(names, cursor, limit);
      },
    });
  }
}
