import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { freePort, makeTempHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';

interface Answer {
  status: number;
  body: unknown;
}

/** Raw node:http, so the Host and Origin headers are exactly what the test says. */
function request(
  port: number,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path ?? '/health',
        headers: options.headers,
        agent: false,
        timeout: 5000,
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => {
          try {
            resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as unknown });
          } catch {
            resolve({ status: response.statusCode ?? 0, body: text });
          }
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

function expectError(answer: Answer, status: number, code: string): Record<string, unknown> {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  const body = answer.body as { error: { code: string; message: string; details: object } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'details', 'message']);
  expect(body.error.code).toBe(code);
  expect(body.error.message).toBeTypeOf('string');
  return body.error.details as Record<string, unknown>;
}

/** Connects to host:port; resolves 'connected' or the error code. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('ETIMEDOUT');
    }, 2000);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(error.code ?? error.message);
    });
  });
}

describe('security baseline', () => {
  let daemon: TestDaemon;
  beforeAll(async () => {
    daemon = await startDaemon();
  });
  afterAll(async () => {
    await daemon?.stop();
    daemon?.cleanup();
  });

  describe('Host header (DNS rebinding)', () => {
    it('refuses a foreign Host with 403 FORBIDDEN_HOST', async () => {
      const answer = await request(daemon.port, { headers: { host: 'evil.example.com' } });
      const details = expectError(answer, 403, 'FORBIDDEN_HOST');
      expect(details).toEqual({ host: 'evil.example.com' });
      expect((answer.body as { error: { message: string } }).error.message).toContain(
        'evil.example.com',
      );
    });

    it.each([
      'evil.example.com:PORT',
      'localhost.evil.example',
      '127.0.0.1.nip.io',
      '10.0.0.1:PORT',
      '0.0.0.0:PORT',
    ])('refuses the look-alike Host %s', async (host) => {
      const answer = await request(daemon.port, {
        headers: { host: host.replace('PORT', String(daemon.port)) },
      });
      expectError(answer, 403, 'FORBIDDEN_HOST');
    });

    it.each(['localhost:PORT', '127.0.0.1:PORT', '[::1]:PORT', 'myapp.localhost:PORT'])(
      'answers Host %s',
      async (host) => {
        const answer = await request(daemon.port, {
          headers: { host: host.replace('PORT', String(daemon.port)) },
        });
        expect(answer.status).toBe(200);
        expect(answer.body).toMatchObject({ ok: true, service: 'port-daddy', pid: daemon.pid });
      },
    );

    it('refuses a request with no Host header at all', async () => {
      const text = await new Promise<string>((resolve, reject) => {
        const socket = net.connect({ host: '127.0.0.1', port: daemon.port });
        let received = '';
        socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
        socket.on('end', () => resolve(received));
        socket.on('error', reject);
        socket.write('GET /health HTTP/1.0\r\n\r\n');
      });
      expect(text).toMatch(/^HTTP\/1\.[01] 403 /);
      expect(text).toContain('"FORBIDDEN_HOST"');
    });

    it('checks the Host before anything else: a foreign Host cannot claim, shut down or probe routes', async () => {
      const host = 'evil.example.com';
      const claim = await request(daemon.port, {
        method: 'POST',
        path: '/claims',
        headers: { host, 'content-type': 'application/json' },
        body: JSON.stringify({ identity: 'rebound:api' }),
      });
      expectError(claim, 403, 'FORBIDDEN_HOST');
      const shutdown = await request(daemon.port, {
        method: 'POST',
        path: '/admin/shutdown',
        headers: { host },
      });
      expectError(shutdown, 403, 'FORBIDDEN_HOST');
      expectError(
        await request(daemon.port, { path: '/nope', headers: { host } }),
        403,
        'FORBIDDEN_HOST',
      );
      const claims = await request(daemon.port, { path: '/claims' });
      expect(claims.status).toBe(200);
      expect(claims.body).toEqual({ claims: [] });
    });
  });

  describe('Origin header (cross-site requests)', () => {
    it('refuses a foreign Origin with 403 FORBIDDEN_ORIGIN', async () => {
      const answer = await request(daemon.port, { headers: { origin: 'https://evil.example' } });
      const details = expectError(answer, 403, 'FORBIDDEN_ORIGIN');
      expect(details).toEqual({ origin: 'https://evil.example' });
    });

    it.each([
      'null',
      'http://localhost.evil.example',
      'http://127.0.0.1.nip.io:3000',
      'file://',
      'chrome-extension://abcdefghijklmnop',
    ])('refuses the Origin %s', async (origin) => {
      expectError(await request(daemon.port, { headers: { origin } }), 403, 'FORBIDDEN_ORIGIN');
    });

    it.each([
      'http://localhost:3000',
      'http://127.0.0.1:5173',
      'http://[::1]:8080',
      'http://app.localhost:3000',
    ])('answers the loopback Origin %s', async (origin) => {
      const answer = await request(daemon.port, { headers: { origin } });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ ok: true, pid: daemon.pid });
    });

    it('a page on a foreign Origin can neither claim nor shut the daemon down', async () => {
      const origin = 'https://evil.example';
      const claim = await request(daemon.port, {
        method: 'POST',
        path: '/claims',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ identity: 'csrf:api' }),
      });
      expectError(claim, 403, 'FORBIDDEN_ORIGIN');
      const shutdown = await request(daemon.port, {
        method: 'POST',
        path: '/admin/shutdown',
        headers: { origin },
      });
      expectError(shutdown, 403, 'FORBIDDEN_ORIGIN');
      const claims = await request(daemon.port, { path: '/claims' });
      expect(claims.body).toEqual({ claims: [] });
    });
  });

  describe('where it listens', () => {
    it('listens on 127.0.0.1 only: the non-loopback address of this machine is refused', async (context) => {
      const address = Object.values(os.networkInterfaces())
        .flat()
        .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;
      if (!address) return context.skip('no non-loopback IPv4 address on this machine');
      // Control: a server on every address is reachable there, so a refusal means something.
      const control = net.createServer((socket) => socket.destroy());
      await new Promise<void>((resolve) => control.listen(0, '0.0.0.0', resolve));
      const controlPort = (control.address() as net.AddressInfo).port;
      const reachable = await tryConnect(address, controlPort);
      await new Promise((resolve) => control.close(resolve));
      if (reachable !== 'connected')
        return context.skip(`${address} is not reachable from here (${reachable})`);

      expect(await tryConnect(address, daemon.port)).toBe('ECONNREFUSED');
      expect(await tryConnect('127.0.0.1', daemon.port)).toBe('connected');
    });

    it('refuses to start on a non-loopback address', async () => {
      const home = makeTempHome();
      try {
        const port = await freePort();
        const result = await runCli(['start', '--foreground'], {
          env: { PORT_DADDY_URL: `http://0.0.0.0:${port}`, PORT_DADDY_HOME: home },
          timeoutMs: 10_000,
        });
        expect(result.code).toBe(1);
        expect(result.stderr).toContain('refusing to listen on 0.0.0.0');
        expect(result.stderr).toContain('loopback');
        expect(await tryConnect('127.0.0.1', port)).toBe('ECONNREFUSED');
      } finally {
        fs.rmSync(home, { recursive: true, force: true });
      }
    });
  });

  it('is still up after every refused request', async () => {
    const answer = await request(daemon.port, { path: '/health' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: true, pid: daemon.pid });
    expect(daemon.process.exitCode).toBeNull();
    const claim = await daemon.cli(['claim', 'still:up', '--json']);
    expect(claim.code, claim.stderr).toBe(0);
  });
});

describe('files in the data dir', () => {
  let daemon: TestDaemon;
  let parent: string;
  let home: string;
  const mode = (file: string) => (fs.statSync(path.join(home, file)).mode & 0o777).toString(8);
  beforeAll(async () => {
    parent = makeTempHome();
    // A data dir that does not exist yet: the daemon creates it.
    home = path.join(parent, 'nested', 'home');
    daemon = await startDaemon({ home });
    expect((await daemon.cli(['claim', 'files:api', '-q'])).code).toBe(0);
  });
  afterAll(async () => {
    await daemon?.stop();
    fs.rmSync(parent, { recursive: true, force: true });
  });

  it('creates the data dir 0700 with daemon.log, port-daddy.db and daemon.json', () => {
    expect(mode('.')).toBe('700');
    for (const file of ['daemon.log', 'port-daddy.db', 'daemon.json'])
      expect(fs.existsSync(path.join(home, file)), file).toBe(true);
    const info = JSON.parse(fs.readFileSync(path.join(home, 'daemon.json'), 'utf8')) as object;
    expect(info).toMatchObject({ pid: daemon.pid, url: daemon.url });
  });

  it.each(['daemon.json', 'port-daddy.db', 'daemon.log'])('%s is mode 0600', (file) => {
    expect(mode(file)).toBe('600');
  });

  // The WAL holds the latest rows in full, so it must be as private as the database.
  it('port-daddy.db-wal is mode 0600 like the database', () => {
    expect(fs.existsSync(path.join(home, 'port-daddy.db-wal'))).toBe(true);
    expect(mode('port-daddy.db-wal')).toBe('600');
  });

  // The daemon holds the database in exclusive mode, so no shared-memory index is ever made.
  it('has no port-daddy.db-shm', () => {
    expect(fs.existsSync(path.join(home, 'port-daddy.db-shm'))).toBe(false);
  });
});
