import http from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimOverHttp } from '../helpers/claims.js';
import { startDaemon, stopDaemon, type TestDaemon } from '../helpers/daemon.js';
import { startUpstream } from '../helpers/proxy.js';
import { acceptEchoUpgrades, connectWebSocket } from '../helpers/websocket.js';

type Refusal = Error & { response: { statusCode: number }; body: string };

async function refusal(attempt: Promise<unknown>): Promise<Refusal> {
  try {
    await attempt;
  } catch (error) {
    return error as Refusal;
  }
  throw new Error('the upgrade was accepted');
}

describe('WebSockets through the proxy', () => {
  let daemon: TestDaemon;
  let upstream: Awaited<ReturnType<typeof startUpstream>>;

  beforeAll(async () => {
    daemon = await startDaemon();
    const port = await claimOverHttp(daemon, 'myapp:api');
    await claimOverHttp(daemon, 'myapp:down');
    upstream = await startUpstream(port, (_request, response) => response.end('plain'));
    acceptEchoUpgrades(upstream.server);
  });
  afterAll(async () => {
    await upstream?.close();
    await stopDaemon(daemon);
  });

  const host = (name: string) => `${name}.myapp.localhost:${daemon.port}`;

  it('echoes frames both ways through ws://api.myapp.localhost:<port>/ws', async () => {
    const client = await connectWebSocket(daemon.port, host('api'), '/ws');
    try {
      expect(client.response.headers['x-seen-host']).toBe(host('api'));
      client.send('hello');
      expect(await client.next()).toBe('echo: hello');
      client.send('x'.repeat(5000));
      client.send('again');
      expect(await client.next()).toBe(`echo: ${'x'.repeat(5000)}`);
      expect(await client.next()).toBe('echo: again');
    } finally {
      client.close();
    }
  });

  it('upgrades on a connection that first talked to the API (proxied request by request)', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const health = await new Promise<{ status: number; localPort: number }>((resolve, reject) => {
        http
          .get(
            {
              host: '127.0.0.1',
              port: daemon.port,
              path: '/health',
              agent,
              headers: { host: `localhost:${daemon.port}` },
            },
            (response) => {
              const localPort = response.socket.localPort!;
              response.resume();
              response.on('end', () => resolve({ status: response.statusCode!, localPort }));
            },
          )
          .on('error', reject);
      });
      expect(health.status).toBe(200);
      const client = await connectWebSocket(daemon.port, host('api'), '/ws', agent);
      try {
        expect((client.socket as Socket).localPort).toBe(health.localPort);
        expect(client.response.headers['x-seen-host']).toBe(host('api'));
        client.send('over the API connection');
        expect(await client.next()).toBe('echo: over the API connection');
      } finally {
        client.close();
      }
    } finally {
      agent.destroy();
    }
  });

  it("passes the service's refusal of an upgrade back as it came", async () => {
    const refused = await refusal(connectWebSocket(daemon.port, host('api'), '/elsewhere'));
    expect(refused.response.statusCode).toBe(400);
    expect(refused.body).toBe('not here\r\n');
  });

  it('answers an upgrade to an unknown name with 404 and to a silent service with 502', async () => {
    const unknown = await refusal(connectWebSocket(daemon.port, host('nope'), '/ws'));
    expect(unknown.response.statusCode).toBe(404);
    expect(unknown.body).toContain(`http://api.myapp.localhost:${daemon.port}/`);
    const down = await refusal(connectWebSocket(daemon.port, host('down'), '/ws'));
    expect(down.response.statusCode).toBe(502);
    expect(down.body).toContain('ECONNREFUSED');
  });

  it('cuts open tunnels and silent connections when the daemon stops, so the stop does not wait on them', async () => {
    const client = await connectWebSocket(daemon.port, host('api'), '/ws');
    const closed = new Promise<void>((resolve) => client.socket.once('close', () => resolve()));
    // A browser's preconnect: a connection that has not sent its first request yet.
    const silent = netConnect({ host: '127.0.0.1', port: daemon.port });
    await new Promise((resolve) => silent.once('connect', resolve));
    const silentClosed = new Promise<void>((resolve) => silent.once('close', () => resolve()));
    silent.on('error', () => silent.destroy());
    const started = Date.now();
    await daemon.stop();
    await Promise.all([closed, silentClosed]);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
