import http from 'node:http';
import net from 'node:net';
import type { ServiceConfig } from './config-schema.js';
import { spawnGroup, killGroup } from './process-group.js';

/** How a service shows it is ready; tcp when the config names none. */
export type ReadinessProbe =
  { kind: 'http'; path: string } | { kind: 'cmd'; command: string } | { kind: 'tcp' };

export function readinessProbe(service: ServiceConfig): ReadinessProbe {
  if (service.healthPath !== undefined) return { kind: 'http', path: service.healthPath };
  if (service.healthCmd !== undefined) return { kind: 'cmd', command: service.healthCmd };
  return { kind: 'tcp' };
}

export function describeProbe(probe: ReadinessProbe): string {
  if (probe.kind === 'http') return `GET ${probe.path}`;
  if (probe.kind === 'cmd') return `\`${probe.command}\``;
  return 'a TCP connection';
}

export interface ProbeContext {
  port: number;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Longest a single attempt may take. */
  timeoutMs: number;
}

/** One attempt: true when the service answered as ready. */
export function probeOnce(probe: ReadinessProbe, context: ProbeContext): Promise<boolean> {
  if (probe.kind === 'http') return probeHttp(context.port, probe.path, context.timeoutMs);
  if (probe.kind === 'cmd') return probeCommand(probe.command, context);
  return probeTcp(context.port, context.timeoutMs);
}

// Dev servers bind 127.0.0.1, ::1 (Node's "localhost" on some systems) or both: try each.
const LOOPBACKS = ['127.0.0.1', '::1'];

/** True when GET http://localhost:port/path answers 2xx or 3xx. */
export async function probeHttp(port: number, path: string, timeoutMs: number): Promise<boolean> {
  for (const host of LOOPBACKS) {
    const status = await getStatus(host, port, path, timeoutMs);
    if (status !== undefined) return status >= 200 && status < 400;
  }
  return false;
}

function getStatus(
  host: string,
  port: number,
  path: string,
  timeoutMs: number,
): Promise<number | undefined> {
  return new Promise((resolve) => {
    const request = http.get({ host, port, path, timeout: timeoutMs, agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.once('timeout', () => request.destroy(new Error('timeout')));
    request.once('error', () => resolve(undefined));
  });
}

/** True when something accepts a TCP connection on the port. */
export async function probeTcp(port: number, timeoutMs: number): Promise<boolean> {
  for (const host of LOOPBACKS) if (await connects(host, port, timeoutMs)) return true;
  return false;
}

function connects(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** True when the command (run by /bin/sh with the service's env, PORT included) exits 0. */
export function probeCommand(command: string, context: ProbeContext): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawnGroup(command, { cwd: context.cwd, env: context.env });
    child.stdout?.resume();
    child.stderr?.resume();
    // A check that hangs is a failed check; its whole group goes with it.
    const timer = setTimeout(() => child.pid && killGroup(child.pid), context.timeoutMs);
    child.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}
