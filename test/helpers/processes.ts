import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

/** Listens on host:port (0 lets the OS choose) and resolves with the server and its port. */
export function listen(
  port: number,
  host = '127.0.0.1',
): Promise<{ server: net.Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () =>
      resolve({ server, port: (server.address() as net.AddressInfo).port }),
    );
  });
}

export function close(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

async function isBindable(port: number): Promise<boolean> {
  for (const host of ['0.0.0.0', '127.0.0.1']) {
    try {
      await close((await listen(port, host)).server);
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * A range of `size` consecutive ports nothing listens on right now, below the Linux ephemeral
 * range (so outgoing connections do not land in it) and at a random base (so test files running
 * side by side rarely pick the same one).
 */
export async function freeRange(size: number): Promise<{ start: number; end: number }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const start = 20_000 + Math.floor(Math.random() * (12_000 - size));
    const ports = Array.from({ length: size }, (_, i) => start + i);
    const free = await Promise.all(ports.map(isBindable));
    if (free.every(Boolean)) return { start, end: start + size - 1 };
  }
  throw new Error(`no ${size} consecutive free ports found`);
}

/** The env that makes a test daemon hand out ports from `range` only. */
export function rangeEnv(range: { start: number; end: number }): NodeJS.ProcessEnv {
  return {
    PORT_DADDY_RANGE_START: String(range.start),
    PORT_DADDY_RANGE_END: String(range.end),
  };
}

/** True while the process exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A child that does nothing for a minute: an owner pid the test can kill. */
export function spawnSleeper(): ChildProcess {
  return spawn('sleep', ['60'], { stdio: 'ignore' });
}

/** Resolves with the exit code (or signal) once the child has exited. */
export function exited(child: ChildProcess): Promise<number | NodeJS.Signals | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  if (child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
}
