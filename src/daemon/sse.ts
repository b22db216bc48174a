import type { ServerResponse } from 'node:http';
import type { StreamSink } from '../core/streams/index.js';

const HEARTBEAT_MS = 15_000;
/** A reader cut off for being slow may never read its final event: the socket goes after this. */
const END_GRACE_MS = 5_000;

/** An event as it goes on the wire: `event:`, `id:` and `data:` (from `toData`, as JSON). */
export interface SseEventLike {
  type: string;
  id: number;
}

export function sseFrame(type: string, id: number, data: unknown): string {
  return `event: ${type}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Opens a text/event-stream response on the node socket and writes stream events to it;
 * `toData` turns an event into what its `data:` line carries.
 */
export function openSseSink<E extends SseEventLike>(
  res: ServerResponse,
  onClose: () => void,
  toData: (event: E) => unknown,
): StreamSink<E> {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    // The socket goes with the stream: a reader that was cut off sees the end at once.
    connection: 'close',
    'x-accel-buffering': 'no',
  });
  // A stream lives as long as its reader: no idle timeout on this socket.
  res.socket?.setTimeout(0);
  res.socket?.setKeepAlive(true, HEARTBEAT_MS);
  res.socket?.setNoDelay(true);
  res.flushHeaders();
  const heartbeat = setInterval(() => {
    if (!res.writableEnded) res.write(': ping\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();
  res.once('close', () => {
    clearInterval(heartbeat);
    onClose();
  });
  return {
    send(event) {
      if (!res.writableEnded) res.write(sseFrame(event.type, event.id, toData(event)));
    },
    pendingBytes: () => res.writableLength,
    onDrain(resume) {
      if (res.writableLength === 0) setImmediate(resume);
      else res.once('drain', resume);
    },
    end() {
      clearInterval(heartbeat);
      res.end();
      setTimeout(() => res.destroy(), END_GRACE_MS).unref();
    },
  };
}
