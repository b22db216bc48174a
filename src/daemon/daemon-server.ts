import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import type { DaemonProxy } from './proxy.js';

/**
 * One node:http server for the API and the proxy: a connection or request whose Host names a
 * service goes to the proxy, every other one to the API (whose guard still refuses foreign Hosts
 * and Origins).
 */
export function createDaemonServer(app: Hono, proxy: DaemonProxy, hostname: string): http.Server {
  const api = getRequestListener(app.fetch, { hostname });
  const server = http.createServer((request, response) => {
    if (!proxy.handleRequest(request, response)) void api(request, response);
  });
  // Each new connection is looked at first: one whose first request names a service becomes a
  // tunnel; the others reach the HTTP server's own connection handling, unchanged.
  const [httpConnection] = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeListener('connection', httpConnection!);
  server.on('connection', (socket: Socket) =>
    proxy.handleConnection(socket, (handedOver) => httpConnection!.call(server, handedOver)),
  );
  // With an upgrade listener, Node hands every request carrying Upgrade here, API ones too.
  server.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!proxy.handleUpgrade(request, socket, head)) serveWithoutUpgrade(api, request, socket);
  });
  return server;
}

/** The API does not upgrade: it answers such a request as a plain one, then closes. */
function serveWithoutUpgrade(
  api: ReturnType<typeof getRequestListener>,
  request: http.IncomingMessage,
  socket: Duplex,
): void {
  const response = new http.ServerResponse(request);
  response.shouldKeepAlive = false;
  response.assignSocket(socket as Socket);
  response.once('finish', () => {
    response.detachSocket(socket as Socket);
    socket.end();
  });
  socket.once('error', () => socket.destroy());
  void api(request, response);
}
