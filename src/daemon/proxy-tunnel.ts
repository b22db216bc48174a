import net from 'node:net';
import { loopbackLookup, UPSTREAM_HOST } from './proxy-upstream.js';

// Longest request head looked at before the connection is left to the HTTP server as it is.
const MAX_HEAD_BYTES = 16 * 1024;
const HEAD_WAIT_MS = 10_000;
const END_OF_HEAD = Buffer.from('\r\n\r\n');

export interface ConnectionRouting {
  /** The port to tunnel to for this Host header, or null to leave the connection to HTTP. */
  tunnelPort(host: string): number | null;
  /** Gives the connection to the HTTP server (API, proxy pages, HTTP-level proxy). */
  toHttp(socket: net.Socket): void;
  /** Registers a socket the proxy cuts when the daemon stops; the result forgets it again. */
  track(socket: net.Socket): () => void;
}

/** The Host header of a raw request head, or undefined. */
export function hostOfHead(head: string): string | undefined {
  const match = /\r\nhost:[ \t]*([^\r\n]*)/i.exec(head);
  return match?.[1]?.trim();
}

/**
 * Reads a new connection's first request head. When its Host names a claimed service, the
 * connection becomes a byte tunnel to that service: the request goes on with X-Forwarded-*
 * added, and every later request on it flows without being parsed again (a browser keeps one
 * connection per origin, so they name the same service). This is what keeps the proxy's cost
 * near a TCP relay's. Anything else, or a service that refuses the connection, is handed to the
 * HTTP server with the bytes put back, where the API or the proxy's pages answer it.
 */
export function routeConnection(socket: net.Socket, routing: ConnectionRouting): void {
  let buffered: Buffer = Buffer.alloc(0);
  const timer = setTimeout(() => handOver(), HEAD_WAIT_MS);
  // A connection cut while being read must not keep a stopping daemon's process alive.
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  // A stopping daemon cuts a connection still being read (a browser's idle preconnect), not
  // one the HTTP server drains gracefully.
  const untrack = routing.track(socket);
  const stopSniffing = () => {
    clearTimeout(timer);
    untrack();
    socket.off('data', onData);
    socket.off('error', onEarlyEnd);
    socket.off('end', onEarlyEnd);
    socket.pause();
  };
  const handOver = () => {
    stopSniffing();
    if (buffered.length > 0) socket.unshift(buffered);
    routing.toHttp(socket);
    socket.resume();
  };
  const onEarlyEnd = () => {
    stopSniffing();
    socket.destroy();
  };
  const onData = (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    const headEnd = buffered.indexOf(END_OF_HEAD);
    if (headEnd === -1 && buffered.length < MAX_HEAD_BYTES) return;
    const host = headEnd === -1 ? undefined : hostOfHead(buffered.toString('latin1', 0, headEnd));
    const port = host === undefined ? null : routing.tunnelPort(host);
    if (port === null) return handOver();
    stopSniffing();
    openTunnel(
      socket,
      port,
      withForwardedHeaders(buffered, headEnd, socket, host!),
      routing,
      () => {
        // Nothing answered: the HTTP-level proxy tries once more and renders the 502 page.
        if (socket.destroyed) return;
        socket.unshift(buffered);
        routing.toHttp(socket);
        socket.resume();
      },
    );
  };
  socket.on('data', onData);
  socket.once('error', onEarlyEnd);
  socket.once('end', onEarlyEnd);
}

/** The first request with X-Forwarded-For/-Host/-Proto added at the end of its head. */
function withForwardedHeaders(
  buffered: Buffer,
  headEnd: number,
  socket: net.Socket,
  host: string,
): Buffer {
  const added =
    `\r\nX-Forwarded-For: ${socket.remoteAddress ?? ''}` +
    `\r\nX-Forwarded-Host: ${host}\r\nX-Forwarded-Proto: http`;
  return Buffer.concat([
    buffered.subarray(0, headEnd),
    Buffer.from(added, 'latin1'),
    buffered.subarray(headEnd),
  ]);
}

function openTunnel(
  socket: net.Socket,
  port: number,
  firstBytes: Buffer,
  routing: ConnectionRouting,
  onRefused: () => void,
): void {
  const upstream = net.connect({
    host: UPSTREAM_HOST,
    port,
    lookup: loopbackLookup,
    autoSelectFamily: true,
    noDelay: true,
  });
  const untrack = routing.track(socket);
  routing.track(upstream);
  const cutUpstream = () => upstream.destroy();
  socket.on('error', cutUpstream);
  socket.once('close', cutUpstream);
  upstream.once('error', () => {
    untrack();
    socket.off('error', cutUpstream);
    socket.off('close', cutUpstream);
    onRefused();
  });
  upstream.once('connect', () => {
    upstream.removeAllListeners('error');
    upstream.on('error', () => socket.destroy());
    // A clean end travels through the pipes (half-closes included); only a failure cuts both.
    upstream.once('close', (hadError) => hadError && socket.destroy());
    upstream.write(firstBytes);
    socket.pipe(upstream).pipe(socket);
    socket.resume();
  });
}
