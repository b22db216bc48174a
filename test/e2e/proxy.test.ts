import crypto from 'node:crypto';
import http from 'node:http';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimOverHttp } from '../helpers/claims.js';
import { startDaemon, stopDaemon, type TestDaemon } from '../helpers/daemon.js';
import { hostRequest, startUpstream } from '../helpers/proxy.js';

const MB = 1024 * 1024;

/** A promise with its resolve, to hand control between the test and the upstream server. */
function signal<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('the proxy for named local URLs', () => {
  let daemon: TestDaemon;
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let downPort: number;
  // Per request path, so each way of connecting gets its own.
  const signals = new Map<string, ReturnType<typeof signal<void>>>();
  const signalFor = (key: string) => {
    if (!signals.has(key)) signals.set(key, signal());
    return signals.get(key)!;
  };

  beforeAll(async () => {
    daemon = await startDaemon();
    const port = await claimOverHttp(daemon, 'myapp:api');
    downPort = await claimOverHttp(daemon, 'myapp:down');
    await claimOverHttp(daemon, 'myapp:web:feat');
    await claimOverHttp(daemon, 'solo');
    upstream = await startUpstream(port, (request, response) => {
      if (request.url!.startsWith('/upload')) {
        const hash = crypto.createHash('sha256');
        let bytes = 0;
        request.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          hash.update(chunk);
          signalFor(request.url!).resolve();
        });
        request.on('end', () =>
          response.end(JSON.stringify({ bytes, sha256: hash.digest('hex') })),
        );
      } else if (request.url!.startsWith('/events')) {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('data: one\n\n');
        void signalFor(request.url!).promise.then(() => response.end('data: two\n\n'));
      } else {
        response.setHeader('x-upstream', 'yes');
        response.end(
          JSON.stringify({ method: request.method, url: request.url, headers: request.headers }),
        );
      }
    });
  });
  afterAll(async () => {
    await upstream?.close();
    await stopDaemon(daemon);
  });

  const api = () => `api.myapp.localhost:${daemon.port}`;

  it('forwards GET http://api.myapp.localhost:<port>/x to the claimed port, Host kept, X-Forwarded-* set', async () => {
    const response = await hostRequest(daemon.port, api(), { path: '/x?y=1' });
    expect(response.status).toBe(200);
    expect(response.headers['x-upstream']).toBe('yes');
    const seen = JSON.parse(response.body) as {
      method: string;
      url: string;
      headers: Record<string, string>;
    };
    expect(seen.method).toBe('GET');
    expect(seen.url).toBe('/x?y=1');
    expect(seen.headers.host).toBe(api());
    expect(seen.headers['x-forwarded-host']).toBe(api());
    expect(seen.headers['x-forwarded-proto']).toBe('http');
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('keeps a connection: later requests on it reach the same service, and a switch of Host is routed too', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = (host: string, path: string) =>
      new Promise<{ status: number; upstream: boolean; body: string }>((resolve, reject) => {
        http
          .get(
            { host: '127.0.0.1', port: daemon.port, path, headers: { host }, agent },
            (response) => {
              let body = '';
              response.on('data', (chunk: Buffer) => (body += chunk.toString()));
              response.on('end', () =>
                resolve({
                  status: response.statusCode!,
                  upstream: response.headers['x-upstream'] === 'yes',
                  body,
                }),
              );
            },
          )
          .on('error', reject);
      });
    try {
      // One socket: first the API, then the service (the HTTP-level proxy), then the API again.
      expect(await get(`localhost:${daemon.port}`, '/health')).toMatchObject({
        status: 200,
        upstream: false,
      });
      const viaApiConnection = await get(api(), '/switched');
      expect(viaApiConnection).toMatchObject({ status: 200, upstream: true });
      expect(JSON.parse(viaApiConnection.body).headers['x-forwarded-host']).toBe(api());
      expect(await get(`localhost:${daemon.port}`, '/health')).toMatchObject({
        status: 200,
        upstream: false,
      });
    } finally {
      agent.destroy();
    }
    const tunnelled = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (const path of ['/one', '/two', '/three']) {
        const answer = await new Promise<string>((resolve, reject) => {
          http
            .get(
              {
                host: '127.0.0.1',
                port: daemon.port,
                path,
                headers: { host: api() },
                agent: tunnelled,
              },
              (response) => {
                let body = '';
                response.on('data', (chunk: Buffer) => (body += chunk.toString()));
                response.on('end', () => resolve(body));
              },
            )
            .on('error', reject);
        });
        expect(JSON.parse(answer).url).toBe(path);
      }
    } finally {
      tunnelled.destroy();
    }
  });

  it('routes case-insensitively and with a trailing dot', async () => {
    for (const host of [
      `API.MyApp.localhost:${daemon.port}`,
      `api.myapp.localhost.:${daemon.port}`,
    ]) {
      const response = await hostRequest(daemon.port, host, { path: '/case' });
      expect(response.headers['x-upstream'], host).toBe('yes');
    }
  });

  it('reaches a dev server that listens on ::1 only (as Vite does where localhost is ::1)', async () => {
    const port = await claimOverHttp(daemon, 'myapp:six');
    const six = await startUpstream(port, (_request, response) => response.end('from ::1'), '::1');
    try {
      const response = await hostRequest(daemon.port, `six.myapp.localhost:${daemon.port}`);
      expect(response.body).toBe('from ::1');
    } finally {
      await six.close();
      await fetch(`${daemon.url}/claims/release`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pattern: 'myapp:six' }),
      });
    }
  });

  /** A keep-alive connection that has already asked the API: the proxy serves it request by request. */
  async function apiFirstConnection(): Promise<http.Agent> {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const health = await hostRequest(daemon.port, `localhost:${daemon.port}`, {
      path: '/health',
      agent,
    });
    expect(health.status).toBe(200);
    return agent;
  }
  const ways = [
    { way: 'a new connection (tunnelled)', connect: async () => undefined },
    { way: 'a connection that asked the API first', connect: apiFirstConnection },
  ];

  it.each(ways)(
    'streams a large request body to the service before the client has finished sending it, on $way',
    async ({ connect }) => {
      const agent = await connect();
      const path = `/upload?on=${agent ? 'api-first' : 'new'}`;
      const body = new PassThrough();
      const sent = crypto.createHash('sha256');
      const chunk = (n: number) => Buffer.alloc(MB, n);
      const answer = hostRequest(daemon.port, api(), {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/octet-stream' },
        body,
        agent,
      });
      body.write(chunk(0));
      sent.update(chunk(0));
      // The service has bytes while the rest of the body is not even written yet.
      await signalFor(path).promise;
      for (let n = 1; n < 24; n++) {
        body.write(chunk(n));
        sent.update(chunk(n));
      }
      body.end();
      const response = await answer;
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toEqual({ bytes: 24 * MB, sha256: sent.digest('hex') });
      agent?.destroy();
    },
  );

  it.each(ways)(
    'streams a server-sent event as soon as the service writes it, on $way',
    async ({ connect }) => {
      const agent = await connect();
      const path = `/events?on=${agent ? 'api-first' : 'new'}`;
      const received = await new Promise<string>((resolve, reject) => {
        const request = http.get(
          {
            host: '127.0.0.1',
            port: daemon.port,
            path,
            headers: { host: api() },
            agent: agent ?? false,
          },
          (response) => {
            expect(response.headers['content-type']).toBe('text/event-stream');
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => {
              text += chunk;
              // The first event arrived while the service still holds the second one back.
              if (text === 'data: one\n\n') signalFor(path).resolve();
            });
            response.on('end', () => resolve(text));
          },
        );
        request.on('error', reject);
      });
      expect(received).toBe('data: one\n\ndata: two\n\n');
      agent?.destroy();
    },
  );

  it('answers an unknown name with 404 and the routable URLs, as HTML or as JSON', async () => {
    const html = await hostRequest(daemon.port, `nope.myapp.localhost:${daemon.port}`, {
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(html.status).toBe(404);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.body).toContain('nope.myapp.localhost');
    expect(html.body).toContain(`http://api.myapp.localhost:${daemon.port}/`);
    expect(html.body).toContain(`http://web--feat.myapp.localhost:${daemon.port}/`);
    expect(html.body).not.toContain('solo');

    const json = await hostRequest(daemon.port, `nope.myapp.localhost:${daemon.port}`, {
      headers: { accept: 'application/json' },
    });
    expect(json.status).toBe(404);
    const { error } = JSON.parse(json.body) as {
      error: {
        code: string;
        details: { identity: string; routes: { identity: string; url: string }[] };
      };
    };
    expect(error.code).toBe('UNKNOWN_SERVICE');
    expect(error.details.identity).toBe('myapp:nope');
    expect(error.details.routes.map((route) => route.identity)).toEqual([
      'myapp:api',
      'myapp:down',
      'myapp:web:feat',
    ]);
  });

  it('answers 502 with a page naming the port when nothing listens on the claimed port', async () => {
    const host = `down.myapp.localhost:${daemon.port}`;
    const html = await hostRequest(daemon.port, host);
    expect(html.status).toBe(502);
    expect(html.body).toContain(`port ${downPort}`);
    expect(html.body).toContain('ECONNREFUSED');
    const json = await hostRequest(daemon.port, host, { headers: { accept: 'application/json' } });
    expect(json.status).toBe(502);
    expect(JSON.parse(json.body)).toMatchObject({
      error: { code: 'UPSTREAM_UNREACHABLE', details: { identity: 'myapp:down', port: downPort } },
    });
  });

  it('passes a foreign Origin through to the service: the dev server owns its CORS', async () => {
    const response = await hostRequest(daemon.port, api(), {
      path: '/cors',
      headers: { origin: 'https://example.com' },
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).headers.origin).toBe('https://example.com');
  });

  it('keeps the API on localhost, 127.0.0.1 and myapp.localhost, guarded as before', async () => {
    for (const host of [
      `localhost:${daemon.port}`,
      `127.0.0.1:${daemon.port}`,
      `myapp.localhost:${daemon.port}`,
    ]) {
      const response = await hostRequest(daemon.port, host, { path: '/health' });
      expect(response.status, host).toBe(200);
      expect(response.headers['x-upstream']).toBeUndefined();
    }
    const foreignHost = await hostRequest(daemon.port, `evil.example:${daemon.port}`, {
      path: '/health',
    });
    expect(foreignHost.status).toBe(403);
    expect(JSON.parse(foreignHost.body).error.code).toBe('FORBIDDEN_HOST');
    const foreignOrigin = await hostRequest(daemon.port, `localhost:${daemon.port}`, {
      path: '/health',
      headers: { origin: 'https://example.com' },
    });
    expect(foreignOrigin.status).toBe(403);
    expect(JSON.parse(foreignOrigin.body).error.code).toBe('FORBIDDEN_ORIGIN');
  });

  it('answers an API request that asks for an upgrade as a plain request', async () => {
    const response = await hostRequest(daemon.port, `localhost:${daemon.port}`, {
      path: '/health',
      headers: { connection: 'Upgrade, HTTP2-Settings', upgrade: 'h2c', 'http2-settings': '' },
    });
    expect(response.status).toBe(200);
    const refused = await hostRequest(daemon.port, `evil.example:${daemon.port}`, {
      path: '/health',
      headers: { connection: 'Upgrade', upgrade: 'websocket' },
    });
    expect(refused.status).toBe(403);
  });
});

describe('a name that points at the daemon itself', () => {
  let daemon: TestDaemon | undefined;
  afterAll(() => stopDaemon(daemon));

  it('answers 508 instead of proxying to itself forever', async () => {
    // A claim made while its port was free, then a daemon started on that very port.
    const first = await startDaemon();
    const port = await claimOverHttp(first, 'myapp:self');
    await first.stop();
    daemon = await startDaemon({ home: first.home, port });
    const answer = await hostRequest(port, `self.myapp.localhost:${port}`, {
      headers: { accept: 'application/json' },
    });
    expect(answer.status).toBe(508);
    expect(JSON.parse(answer.body)).toMatchObject({
      error: { code: 'PROXY_LOOP', details: { identity: 'myapp:self', port } },
    });
  });
});
