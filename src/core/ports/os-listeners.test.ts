import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { findListeners } from './os-listeners.js';
import { isPortFreeOnHost } from './os-probe.js';

function listen(host: string): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, host, () => resolve(server));
  });
}

describe('the OS view of a port', () => {
  it('sees our own listener, its pid and command, and says the port is taken', async () => {
    const server = await listen('127.0.0.1');
    const { port } = server.address() as net.AddressInfo;
    const listeners = await findListeners(port);
    expect(listeners).toContainEqual(
      expect.objectContaining({ pid: process.pid, address: '127.0.0.1' }),
    );
    expect(listeners[0]!.command).toContain('node');
    expect(await isPortFreeOnHost(port)).toBe(false);
    await new Promise((resolve) => server.close(resolve));
    expect(await findListeners(port)).toEqual([]);
    expect(await isPortFreeOnHost(port)).toBe(true);
  });

  it('counts a wildcard listener as taking the port', async () => {
    const server = await listen('0.0.0.0');
    const { port } = server.address() as net.AddressInfo;
    expect(await isPortFreeOnHost(port)).toBe(false);
    expect((await findListeners(port))[0]).toMatchObject({ pid: process.pid, address: '0.0.0.0' });
    await new Promise((resolve) => server.close(resolve));
  });

  it('sees listeners on any loopback address and on IPv6', async () => {
    for (const host of ['::1', '127.0.0.2', '::']) {
      const server = await listen(host);
      const { port } = server.address() as net.AddressInfo;
      expect(await isPortFreeOnHost(port), host).toBe(false);
      await new Promise((resolve) => server.close(resolve));
      expect(await isPortFreeOnHost(port), `${host} closed`).toBe(true);
    }
  });
});
