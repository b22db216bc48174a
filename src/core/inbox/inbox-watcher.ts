import {
  LiveStream,
  type LiveStreamEvent,
  type StreamListener,
  type StreamSink,
} from '../streams/index.js';
import type { InboxMessage } from './inbox-table.js';

/** What a watcher sends; `id` is the reader's cursor after this event (SSE `id:`). */
export type InboxWatchEvent = LiveStreamEvent<InboxMessage, InboxReady>;

interface InboxReady {
  agent: string;
  since: number;
  lastId: number;
}

/** Where a watcher writes: an SSE response in the daemon, an array in tests. */
export type InboxSink = StreamSink<InboxWatchEvent>;

export type InboxListener = StreamListener<InboxMessage>;

/** What a watcher reads from: the Inboxes. */
export interface InboxSource {
  listen(agent: string, listener: InboxListener): () => void;
  messagesSince(agent: string, since: number, limit: number): InboxMessage[];
  lastId(): number;
}

export interface InboxWatcherOptions {
  agent: string;
  since: number;
  maxPendingBytes: number;
}

/**
 * One live watch of an inbox with a bounded buffer, as pub/sub's Subscriber: retained messages
 * after `since` page by page, then live ones (see LiveStream). Watching never marks anything read.
 */
export class InboxWatcher extends LiveStream<InboxMessage, InboxReady> {
  constructor(options: InboxWatcherOptions, sink: InboxSink, source: InboxSource) {
    const { agent } = options;
    super(options, sink, {
      listen: (listener) => source.listen(agent, listener),
      ready: (since) => ({ agent, since, lastId: source.lastId() }),
      page: (cursor, limit) => source.messagesSince(agent, cursor, limit),
    });
  }
}
