import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { StreamSink } from '../core/streams/index.js';
import { openSseSink, sseFrame } from './sse.js';

type Event =
  { type: 'message'; id: number; data: number } | { type: 'end'; id: number; data: string };

const servers: http.Server[] = [];
afterEach(() => servers.splice(0).forEach((server) => server.close()));

/** A server whose one route opens a sink; resolves with the sink and the client's response. */
async function open(onClose: () => void = () => {}) {
  let sink!: StreamSink<Event>;
  const server = http.createServer((_req, res) => {
    sink = openSseSink<Event>(res, onClose, (event) =>
      event.type === 'message' ? { doubled: event.data * 2 } : event.data,
    );
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const response = await new Promise<http.IncomingMessage>((resolve) =>
    http.get(`http://127.0.0.1:${port}/`, resolve),
  );
  response.setEncoding('utf8');
  return { sink, response };
}

const bodyOf = (response: http.IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    response.on('data', (chunk: string) => (body += chunk));
    response.on('end', () => resolve(body));
  });

describe('sseFrame', () => {
  it('writes event, id and JSON data, then a blank line', () => {
    expect(sseFrame('message', 7, { a: 1 })).toBe('event: message\nid: 7\ndata: {"a":1}\n\n');
  });
});

describe('openSseSink', () => {
  it('sends event-stream headers, frames each event through toData, and ends', async () => {
    const { sink, response } = await open();
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-cache, no-transform');
    expect(response.headers.connection).toBe('close');
    expect(response.headers['x-accel-buffering']).toBe('no');
    const body = bodyOf(response);
    sink.send({ type: 'message', id: 1, data: 21 });
    sink.send({ type: 'end', id: 1, data: 'bye' });
    sink.end();
    // After the end, sends are dropped rather than thrown.
    sink.send({ type: 'message', id: 2, data: 1 });
    expect(await body).toBe(
      'event: message\nid: 1\ndata: {"doubled":42}\n\nevent: end\nid: 1\ndata: "bye"\n\n',
    );
  });

  it('reports nothing pending and resumes at once when the reader keeps up', async () => {
    const { sink, response } = await open();
    expect(sink.pendingBytes()).toBe(0);
    await new Promise<void>((resolve) => sink.onDrain(resolve));
    response.destroy();
  });

  it('calls onClose when the reader goes away', async () => {
    let closed!: () => void;
    const wasClosed = new Promise<void>((resolve) => (closed = resolve));
    const { response } = await open(() => closed());
    response.destroy();
    await wasClosed;
  });
});
