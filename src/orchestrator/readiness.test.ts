import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeCommand, probeHttp, probeTcp, readinessProbe } from './readiness.js';

let server: http.Server;
let port: number;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const status = Number(request.url?.slice(1)) || 404;
    if (status === 302) response.setHeader('location', '/');
    if (request.url === '/slow') return; // never answers
    response.statusCode = status;
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port: free } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return free;
}

describe('readinessProbe', () => {
  it('is healthPath, else healthCmd, else tcp', () => {
    expect(readinessProbe({ cmd: 'x', healthPath: '/h', healthCmd: 'true' })).toEqual({
      kind: 'http',
      path: '/h',
    });
    expect(readinessProbe({ cmd: 'x', healthCmd: 'true' })).toEqual({
      kind: 'cmd',
      command: 'true',
    });
    expect(readinessProbe({ cmd: 'x' })).toEqual({ kind: 'tcp' });
  });
});

describe('probeHttp', () => {
  it('is ready on 2xx and 3xx only', async () => {
    expect(await probeHttp(port, '/200', 1000)).toBe(true);
    expect(await probeHttp(port, '/204', 1000)).toBe(true);
    expect(await probeHttp(port, '/302', 1000)).toBe(true);
    expect(await probeHttp(port, '/404', 1000)).toBe(false);
    expect(await probeHttp(port, '/500', 1000)).toBe(false);
  });

  it('is not ready when nothing listens or nothing answers in time', async () => {
    expect(await probeHttp(await closedPort(), '/200', 1000)).toBe(false);
    const started = Date.now();
    expect(await probeHttp(port, '/slow', 200)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('probeTcp', () => {
  it('is ready when the port accepts a connection', async () => {
    expect(await probeTcp(port, 1000)).toBe(true);
    expect(await probeTcp(await closedPort(), 1000)).toBe(false);
  });
});

describe('probeCommand', () => {
  const context = { port: 1234, cwd: os.tmpdir(), env: { ...process.env, PORT: '1234' } };

  it('is ready when the command exits 0, with PORT set', async () => {
    expect(await probeCommand('test "$PORT" = 1234', { ...context, timeoutMs: 5000 })).toBe(true);
    expect(await probeCommand('exit 3', { ...context, timeoutMs: 5000 })).toBe(false);
  });

  it('fails a command that hangs, and kills it', async () => {
    const started = Date.now();
    expect(await probeCommand('sleep 30', { ...context, timeoutMs: 200 })).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
