import type { InboxMessage } from './inbox-table.js';

/** What a watcher sends; `id` is the reader's cursor after this event (SSE `id:`). */
export type InboxWatchEvent =
  | { type: 'ready'; id: number; data: { agent: string; since: number; lastId: number } }
  | { type: 'message'; id: number; data: InboxMessage }
  | { type: 'overflow' | 'shutdown'; id: number; data: { reason: string; lastId: number } };

/** Where a watcher writes: an SSE response in the daemon, an array in tests. */
export interface InboxSink {
  send(event: InboxWatchEvent): void;
  /** Bytes written but not yet taken by the reader (a socket's writableLength). */
  pendingBytes(): number;
  /** Calls `resume` once the reader has taken what was pending. */
  onDrain(resume: () => void): void;
  /** The last event was sent: end the stream. */
  end(): void;
}

export interface InboxListener {
  message(message: InboxMessage): void;
  close(reason: string): void;
}

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

const PAGE_SIZE = 200;

/**
 * One live watch of an inbox with a bounded buffer, as pub/sub's Subscriber: retained messages
 * after `since` page by page, then live ones. Messages sent during the replay are read from the
 * store by the next page, so none is lost or sent twice. A reader that lets more than
 * `maxPendingBytes` pile up is cut off with a final `overflow` event and resumes by id.
 * Watching never marks anything read.
 */
export class InboxWatcher {
  private cursor: number;
  private replaying = true;
  private stopped = false;
  private unlisten: () => void = () => {};

  constructor(
    private readonly options: InboxWatcherOptions,
    private readonly sink: InboxSink,
    private readonly source: InboxSource,
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
    this.unlisten = this.source.listen(this.options.agent, {
      message: (message) => this.onLive(message),
      close: (reason) => this.finish('shutdown', reason),
    });
    this.sink.send({
      type: 'ready',
      id: this.cursor,
      data: { agent: this.options.agent, since: this.cursor, lastId: this.source.lastId() },
    });
    this.replay();
  }

  /** The reader went away: forget it. */
  stop(): void {
    this.stopped = true;
    this.unlisten();
  }

  private replay(): void {
    const lowWater = this.options.maxPendingBytes / 2;
    while (!this.stopped) {
      const page = this.source.messagesSince(this.options.agent, this.cursor, PAGE_SIZE);
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

  private sendMessage(message: InboxMessage): void {
    this.cursor = message.id;
    this.sink.send({ type: 'message', id: message.id, data: message });
  }

  private onLive(message: InboxMessage): void {
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
