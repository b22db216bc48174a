import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';

export interface HostResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HostRequest {
  method?: string;
  path?: string;
  headers?: http.OutgoingHttpHeaders;
  body?: string | Readable;
  /** The connection to use (default: a new one). */
  agent?: http.Agent;
}

/**
 * A request to 127.0.0.1:port with a chosen Host header: what a browser sends for
 * http://api.myapp.localhost:port/, without relying on Node's resolver to map *.localhost.
 */
export function hostRequest(
  port: number,
  host: string,
  options: HostRequest = {},
): Promise<HostResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: { host, ...options.headers },
        agent: options.agent ?? false,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode!, headers: response.headers, body }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    if (options.body === undefined) request.end();
    else if (typeof options.body === 'string') request.end(options.body);
    else options.body.pipe(request);
  });
}

/** An HTTP server for a test, listening on host:port (port 0: any). */
export async function startUpstream(
  port: number,
  handler: http.RequestListener,
  host = '127.0.0.1',
): Promise<{ server: http.Server; port: number; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
