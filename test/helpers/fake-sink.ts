import type { StreamSink } from '../../src/core/streams/live-stream.js';

/**
 * For tests of live streams: a reader that takes nothing until `drain()` unless it `reads`;
 * each event counts as 100 unread bytes.
 */
export class FakeSink<E extends { type: string }> implements StreamSink<E> {
  events: E[] = [];
  pending = 0;
  ended = false;
  private resume: (() => void) | undefined;
  constructor(private readonly reads: boolean) {}
  send(event: E) {
    this.events.push(event);
    if (!this.reads) this.pending += 100;
  }
  pendingBytes() {
    return this.pending;
  }
  onDrain(resume: () => void) {
    this.resume = resume;
  }
  end() {
    this.ended = true;
  }
  drain() {
    this.pending = 0;
    const resume = this.resume;
    this.resume = undefined;
    resume?.();
  }
  types() {
    return this.events.map((event) => event.type);
  }
}
