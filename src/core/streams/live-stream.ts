/** The final event of a stream; `lastId` is where the reader resumes. */
export type StreamEndEvent = {
  type: 'overflow' | 'shutdown';
  id: number;
  data: { reason: string; lastId: number };
};

/** What a live stream sends; `id` is the reader's cursor after this event (SSE `id:`). */
export type LiveStreamEvent<M, R> =
  | { type: 'ready'; id: number; data: R }
  | { type: 'message'; id: number; data: M }
  | StreamEndEvent;

/** Where a stream writes: an SSE response in the daemon, an array in tests. */
export interface StreamSink<E> {
  send(event: E): void;
  /** Bytes written but not yet taken by the reader (a socket's writableLength). */
  pendingBytes(): number;
  /** Calls `resume` once the reader has taken what was pending. */
  onDrain(resume: () => void): void;
  /** The last event was sent: end the stream. */
  end(): void;
}

export interface StreamListener<M> {
  message(message: M): void;
  close(reason: string): void;
}

/** What a live stream reads from: stored messages by id, and live ones as they commit. */
export interface LiveStreamSource<M extends { id: number }, R> {
  listen(listener: StreamListener<M>): () => void;
  /** The `ready` event's data for a stream starting after `since`. */
  ready(since: number): R;
  /** Up to `limit` stored messages after `cursor`, oldest first. */
  page(cursor: number, limit: number): M[];
}

export interface LiveStreamOptions {
  since: number;
  maxPendingBytes: number;
}

const PAGE_SIZE = 200;

/**
 * One live stream with a bounded buffer. It replays stored messages page by page, pausing
 * while the reader has not taken half its buffer, then forwards live ones. Messages committed
 * during the replay are read from the store by the next page, so none is lost or sent twice.
 * A reader that lets more than `maxPendingBytes` pile up is cut off with a final `overflow`
 * event and resumes by id; nobody else waits for it.
 */
export class LiveStream<M extends { id: number }, R> {
  private cursor: number;
  private replaying = true;
  private stopped = false;
  private unlisten: () => void = () => {};

  constructor(
    private readonly options: LiveStreamOptions,
    private readonly sink: StreamSink<LiveStreamEvent<M, R>>,
    private readonly source: LiveStreamSource<M, R>,
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
    this.unlisten = this.source.listen({
      message: (message) => this.onLive(message),
      close: (reason) => this.finish('shutdown', reason),
    });
    this.sink.send({ type: 'ready', id: this.cursor, data: this.source.ready(this.cursor) });
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
      const page = this.source.page(this.cursor, PAGE_SIZE);
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

  private sendMessage(message: M): void {
    this.cursor = message.id;
    this.sink.send({ type: 'message', id: message.id, data: message });
  }

  private onLive(message: M): void {
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
