import net from 'node:net';

/** Asks the OS to bind host:port exclusively; true when it could. */
function canBind(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

let wildcardHost: string | undefined;

async function wildcard(): Promise<string> {
  if (wildcardHost) return wildcardHost;
  // '::' is dual-stack on Linux and macOS, so it also collides with IPv4 listeners.
  wildcardHost = await new Promise<string>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve('0.0.0.0'));
    server.listen({ port: 0, host: '::', exclusive: true }, () =>
      server.close(() => resolve('::')),
    );
  });
  return wildcardHost;
}

/**
 * A port is free when nothing listens on it at any address. On Linux one bind of the dual-stack
 * wildcard collides with every TCP listener on the port (127.0.0.1, 0.0.0.0, ::1, other loopback
 * addresses), so it alone decides; elsewhere wildcard and specific binds may coexist, so
 * 127.0.0.1 is checked too.
 */
export async function isPortFreeOnHost(port: number): Promise<boolean> {
  const host = await wildcard();
  if (!(await canBind(port, host))) return false;
  return (process.platform === 'linux' && host === '::') || canBind(port, '127.0.0.1');
}

export type PortProbe = (port: number) => Promise<boolean>;
