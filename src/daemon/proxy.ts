import http from 'node:http';
import type net from 'node:net';
import type { Duplex } from 'node:stream';
import type { DaemonContext } from './context.js';
import { renderProxyPage, type ProxyProblem } from './proxy-page.js';
import { proxyLoop, unknownService, upstreamUnreachable } from './proxy-problems.js';
import { endToEndHeaders, upstreamHeaders } from './proxy-headers.js';
import { resolveProxyRoute, routableServices, type ProxyRoute } from './proxy-route.js';
import { createUpstreamAgent, UPSTREAM_HOST } from './proxy-upstream.js';
import { routeConnection } from './proxy-tunnel.js';
import { tunnelUpgrade, writeRawPage } from './proxy-websocket.js';

/** The reverse proxy for named local URLs, sharing the daemon's port with the API. */
export interface DaemonProxy {
  /** Tunnels a new connection whose first request names a claimed service; else `toHttp`. */
  handleConnection(socket: net.Socket, toHttp: (socket: net.Socket) => void): void;
  /** Serves the request if its Host names a service; false leaves it to the API. */
  handleRequest(request: http.IncomingMessage, response: http.ServerResponse): boolean;
  /** Tunnels an upgrade (WebSocket) if its Host names a service; false leaves it to the API. */
  handleUpgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Cuts every proxied stream and tunnel, so the daemon's graceful stop does not wait on them. */
  close(): void;
}

type Routed = Exclude<ProxyRoute, { kind: 'api' }>;

export function createProxy(ctx: Pick<DaemonContext, 'ports' | 'config' | 'logger'>): DaemonProxy {
  const agent = createUpstreamAgent();
  const open = new Set<{ destroy(): unknown }>();
  const track = <T extends { destroy(): unknown; once(event: 'close', fn: () => void): unknown }>(
    stream: T,
  ): T => {
    open.add(stream);
    stream.once('close', () => open.delete(stream));
    return stream;
  };
  const trackUntil = (socket: net.Socket) => {
    track(socket);
    return () => void open.delete(socket);
  };

  /** The problem to show instead of forwarding, or null when the route can be forwarded. */
  function problemOf(route: Routed): ProxyProblem | null {
    const routes = () => routableServices(ctx.ports, ctx.config.port);
    if (route.kind === 'unknown') return unknownService(route.host, route.identity, routes());
    if (route.port === ctx.config.port)
      return proxyLoop(route.host, route.identity, route.port, routes());
    return null;
  }

  function sendPage(
    response: http.ServerResponse,
    request: http.IncomingMessage,
    problem: ProxyProblem,
  ): void {
    const page = renderProxyPage(problem, request.headers.accept);
    response.writeHead(page.status, {
      'content-type': page.contentType,
      'content-length': Buffer.byteLength(page.body),
      'cache-control': 'no-store',
    });
    response.end(request.method === 'HEAD' ? undefined : page.body);
  }

  function forward(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    route: Extract<ProxyRoute, { kind: 'service' }>,
  ): void {
    const upstream = track(
      http.request({
        agent,
        host: UPSTREAM_HOST,
        port: route.port,
        method: request.method,
        path: request.url,
        headers: upstreamHeaders(request),
      }),
    );
    upstream.on('response', (answer) => {
      response.writeHead(
        answer.statusCode ?? 502,
        answer.statusMessage,
        endToEndHeaders(answer.headers),
      );
      // Server-sent events and chunked streams must reach the browser as they are written.
      response.flushHeaders();
      answer.pipe(response);
      answer.once('error', () => response.destroy());
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (response.headersSent || response.destroyed) {
        response.destroy();
        return;
      }
      const routes = routableServices(ctx.ports, ctx.config.port);
      sendPage(
        response,
        request,
        upstreamUnreachable(route.host, route.identity, route.port, error, routes),
      );
    });
    request.once('error', () => upstream.destroy());
    // The browser went away: stop the dev server's work too.
    response.once('close', () => {
      if (!response.writableFinished) upstream.destroy();
    });
    request.pipe(upstream);
  }

  return {
    handleConnection(socket, toHttp) {
      routeConnection(socket, {
        tunnelPort(host) {
          const route = resolveProxyRoute(host, ctx.ports, ctx.config.pdLocal);
          return route.kind === 'service' && route.port !== ctx.config.port ? route.port : null;
        },
        toHttp,
        track: trackUntil,
      });
    },

    handleRequest(request, response) {
      const route = resolveProxyRoute(request.headers.host, ctx.ports, ctx.config.pdLocal);
      if (route.kind === 'api') return false;
      const problem = problemOf(route);
      if (problem !== null) sendPage(response, request, problem);
      else if (route.kind === 'service') forward(request, response, route);
      return true;
    },

    handleUpgrade(request, socket, head) {
      const route = resolveProxyRoute(request.headers.host, ctx.ports, ctx.config.pdLocal);
      if (route.kind === 'api') return false;
      const problem = problemOf(route);
      if (problem !== null) {
        writeRawPage(socket, renderProxyPage(problem, request.headers.accept));
        return true;
      }
      if (route.kind !== 'service') return true;
      tunnelUpgrade({ request, socket, head, port: route.port, track }, (error) => {
        const routes = routableServices(ctx.ports, ctx.config.port);
        return renderProxyPage(
          upstreamUnreachable(route.host, route.identity, route.port, error, routes),
          request.headers.accept,
        );
      });
      return true;
    },

    close() {
      for (const stream of open) stream.destroy();
      open.clear();
      agent.destroy();
    },
  };
}
