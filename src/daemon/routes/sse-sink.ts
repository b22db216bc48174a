import type { ServerResponse } from 'node:http';
import type { MessageView } from '../../api/pubsub.js';
import type { Message, SubscriberEvent, SubscriberSink } from '../../core/pubsub/index.js';

const HEARTBEAT_MS = 15_000;
/** A reader cut off for being slow may never read its final event: the socket goes after this. */
const END_GRACE_MS = 5_000;

export function messageView(message: Message): MessageView {
  return {
    id: message.id,
    channel: message.channel,
    at: new Date(message.at).toISOString(),
    sender: message.sender,
    signal: message.signal,
    message: message.data,
    replyTo: message.replyTo,
  };
}

function frame(event: SubscriberEvent): string {
  const data = event.type === 'message' ? messageView(event.data) : event.data;
  return `event: ${event.type}\nid: ${event.id}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Opens a text/event-stream response on the node socket and writes subscriber events to it. */
export function openSseSink(res: ServerResponse, onClose: () => void): SubscriberSink {
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
