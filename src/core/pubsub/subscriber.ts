import type { ChannelMatcher } from './channel-pattern.js';
import type { Message } from './messages-table.js';
import type { PubSub, Reset } from './pubsub.js';

/** What a subscriber sends; `id` is the reader's cursor after this event (SSE `id:`). */
export type SubscriberEvent =
  | { type: 'ready'; id: number; data: { channels: string[]; since: number; lastId: number } }
  | { type: 'reset'; id: number; data: Reset }
  | { type: 'message'; id: number; data: Message }
  | { type: 'overflow'; id: number; data: { reason: string; lastId: number } }
  | { type: 'shutdown'; id: number; data: { reason: string; lastId: number } };

/** Where a subscriber writes: an SSE response in the daemon, an array in tests. */
export interface SubscriberSink {
  send(event: SubscriberEvent): void;
  /** Bytes written but not yet taken by the reader (a socket's writableLength). */
  pendingBytes(): number;
  /** Calls `resume` once the reader has taken what was pending. */
  onDrain(resume: () => void): void;
  /** The last event was sent: end the stream. */
  end(): void;
}

export interface SubscriberOptions {
  patterns: readonly string[];
  matches: ChannelMatcher;
  since: number;
  maxPendingBytes: number;
}

const PAGE_SIZE = 200;

/**
 * One live subscription with a bounded buffer. It replays retained messages page by page,
 * pausing while the reader has not taken half its buffer, then forwards live ones. Messages
 * published during the replay are read from the store by the next page, so none is lost or
 * sent twice. A reader that lets more than `maxPendingBytes` pile up is cut off with a final
 * `overflow` event and resumes by id; nobody else waits for it.
 */
export class Subscriber {
  private cursor: number;
  private replaying = true;
  private stopped = false;
  private readonly reported = new Map<string, number>();
  private unlisten: () => void = () => {};

  constructor(
    private readonly options: SubscriberOptions,
    private readonly sink: SubscriberSink,
    private readonly pubsub: PubSub,
  ) {
    this.cursor = options.since;
  }

  get lastId(): number {
    return this.cursor;
  }

  get done(): boolean {
    return this.stopped;
  }

  start(): void {
    this.unlisten = this.pubsub.listen(this.options.matches, {
      message: (message) => this.onLive(message),
      close: (reason) => this.finish('shutdown', reason),
    });
    const channels = this.channels();
    this.sink.send({
      type: 'ready',
      id: this.cursor,
      data: { channels, since: this.cursor, lastId: this.pubsub.lastId() },
    });
    this.replay();
  }

  /** The reader went away: forget it. */
  stop(): void {
    this.stopped = true;
    this.unlisten();
  }

  private channels(): string[] {
    return this.pubsub.channelsMatching(this.options.patterns, this.options.matches);
  }

  private replay(): void {
    const lowWater = this.options.maxPendingBytes / 2;
    while (!this.stopped) {
      const channels = this.channels();
      this.sendResets(channels);
      const page = this.pubsub.messagesSince(channels, this.cursor, PAGE_SIZE);
      for (const message of page) {
        if (this.sink.pendingBytes() > lowWater) return this.waitForDrain();
        this.sendMessage(message);
      }
      if (page.length < PAGE_SIZE) {
        this.replaying = false;
        return;
      }
    }
  }

  private waitForDrain(): void {
    this.sink.onDrain(() => {
      if (!this.stopped) this.replay();
    });
  }

  private sendResets(channels: readonly string[]): void {
    for (const channel of channels) {
      const since = Math.max(this.cursor, this.reported.get(channel) ?? 0);
      const reset = this.pubsub.resetFor(channel, since);
      if (!reset) continue;
      this.reported.set(channel, reset.droppedThrough);
      this.sink.send({ type: 'reset', id: this.cursor, data: reset });
    }
  }

  private sendMessage(message: Message): void {
    this.cursor = message.id;
    this.sink.send({ type: 'message', id: message.id, data: message });
  }

  private onLive(message: Message): void {
    if (this.stopped) return;
    if (this.sink.pendingBytes() > this.options.maxPendingBytes) {
      this.finish(
        'overflow',
        `more than ${this.options.maxPendingBytes} bytes went unread; resume from id ${this.cursor}`,
      );
      return;
    }
    // While replaying (or paused for the reader), the next page reads this message from the store.
    if (this.replaying || message.id <= this.cursor) return;
    this.sendMessage(message);
  }

  private finish(type: 'overflow' | 'shutdown', reason: string): void {
    if (this.stopped) return;
    this.stop();
    this.sink.send({ type, id: this.cursor, data: { reason, lastId: this.cursor } });
    this.sink.end();
  }
}
