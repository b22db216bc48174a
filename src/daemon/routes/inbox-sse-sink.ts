import type { ServerResponse } from 'node:http';
import type { InboxMessageView } from '../../api/inbox.js';
import type { InboxMessage, InboxSink, InboxWatchEvent } from '../../core/inbox/index.js';

const HEARTBEAT_MS = 15_000;
/** A reader cut off for being slow may never read its final event: the socket goes after this. */
const END_GRACE_MS = 5_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function inboxMessageView(message: InboxMessage): InboxMessageView {
  return { ...message, at: iso(message.at)!, readAt: iso(message.readAt) };
}

function frame(event: InboxWatchEvent): string {
  const data = event.type === 'message' ? inboxMessageView(event.data) : event.data;
  return `event: ${event.type}\nid: ${event.id}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Opens a text/event-stream response for an inbox watch; the same socket handling as pub/sub's
 * sse-sink.ts, which is typed to channel messages.
 */
export function openInboxSseSink(res: ServerResponse, onClose: () => void): InboxSink {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
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
      if (!res.writableEnded) res.write(frame(event));
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
