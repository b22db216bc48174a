import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { ProxyPage } from './proxy-page.js';
import { upstreamHeaders } from './proxy-headers.js';
import { loopbackLookup, UPSTREAM_HOST } from './proxy-upstream.js';

interface Closable {
  destroy(): unknown;
  once(event: 'close', listener: () => void): unknown;
}

export interface UpgradeTunnel {
  request: http.IncomingMessage;
  socket: Duplex;
  head: Buffer;
  port: number;
  /** Registers a stream the proxy cuts when the daemon stops. */
  track<T extends Closable>(stream: T): T;
}

/** The head of an HTTP/1.1 response written by hand on a socket that left the HTTP server. */
function responseHead(status: number, statusText: string, rawHeaders: string[]): string {
  const lines = [`HTTP/1.1 ${status} ${statusText}`];
  for (let i = 0; i < rawHeaders.length; i += 2)
    lines.push(`${rawHeaders[i]}: ${rawHeaders[i + 1]}`);
  return lines.join('\r\n') + '\r\n\r\n';
}

/** A whole response (a 404 or 502 page) on a raw socket, then the socket is closed. */
export function writeRawPage(socket: Duplex, page: ProxyPage): void {
  const text = http.STATUS_CODES[page.status] ?? 'Error';
  const head = responseHead(page.status, text, [
    'Content-Type',
    page.contentType,
    'Content-Length',
    String(Buffer.byteLength(page.body)),
    'Connection',
    'close',
  ]);
  socket.end(head + page.body);
}

const HOP_BY_HOP_ANSWER = new Set(['connection', 'keep-alive', 'transfer-encoding']);

/**
 * Sends the upgrade request to the dev server on a connection of its own; on 101 the two sockets
 * are piped both ways, byte for byte, until either side closes. A refusal (any other status) is
 * passed back as it came, and an unreachable server gets `unreachable`'s page.
 */
export function tunnelUpgrade(
  tunnel: UpgradeTunnel,
  unreachable: (error: NodeJS.ErrnoException) => ProxyPage,
): void {
  const { request, socket, head, port, track } = tunnel;
  const headers = upstreamHeaders(request);
  // A proxy drops Connection and Upgrade everywhere except here, where they are the point.
  headers.connection = 'Upgrade';
  headers.upgrade = request.headers.upgrade ?? '';
  const upstream = http.request({
    agent: false,
    host: UPSTREAM_HOST,
    port,
    lookup: loopbackLookup,
    autoSelectFamily: true,
    method: request.method,
    path: request.url,
    headers,
  } as http.RequestOptions);
  track(socket);
  socket.on('error', () => upstream.destroy());

  upstream.on('upgrade', (answer, upstreamSocket, upstreamHead) => {
    track(upstreamSocket);
    upstreamSocket.setNoDelay(true);
    socket.write(
      responseHead(101, answer.statusMessage ?? 'Switching Protocols', answer.rawHeaders),
    );
    if (upstreamHead.length > 0) socket.write(upstreamHead);
    if (head.length > 0) upstreamSocket.write(head);
    upstreamSocket.pipe(socket).pipe(upstreamSocket);
    upstreamSocket.on('error', () => socket.destroy());
    socket.on('error', () => upstreamSocket.destroy());
    upstreamSocket.once('close', (hadError: boolean) => hadError && socket.destroy());
    socket.once('close', () => upstreamSocket.destroy());
  });

  upstream.on('response', (answer) => {
    const raw: string[] = [];
    for (let i = 0; i < answer.rawHeaders.length; i += 2) {
      if (!HOP_BY_HOP_ANSWER.has(answer.rawHeaders[i]!.toLowerCase()))
        raw.push(answer.rawHeaders[i]!, answer.rawHeaders[i + 1]!);
    }
    raw.push('Connection', 'close');
    socket.write(responseHead(answer.statusCode ?? 502, answer.statusMessage ?? '', raw));
    answer.pipe(socket);
  });

  upstream.on('error', (error: NodeJS.ErrnoException) => {
    if (socket.destroyed) return;
    writeRawPage(socket, unreachable(error));
  });
  socket.once('close', () => upstream.destroy());
  upstream.end();
}
