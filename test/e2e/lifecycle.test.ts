import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseJson, runCli, type CliResult } from '../helpers/cli.js';
import {
  freePort,
  makeTempHome,
  startDaemon,
  waitFor,
  type StartOptions,
  type TestDaemon,
} from '../helpers/daemon.js';

const packageJson = new URL('../../package.json', import.meta.url);
const { version: VERSION } = JSON.parse(fs.readFileSync(packageJson, 'utf8')) as {
  version: string;
};

/** A data dir and URL for a daemon that `pd start` runs detached. */
interface Setup {
  url: string;
  home: string;
  env: NodeJS.ProcessEnv;
}

const homes: string[] = [];
const detachedPids = new Set<number>();
const foreground: TestDaemon[] = [];

async function setup(options: { autostart?: boolean } = {}): Promise<Setup> {
  const url = `http://127.0.0.1:${await freePort()}`;
  const home = makeTempHome();
  homes.push(home);
  // undefined leaves it out of the child's environment: autostart allowed.
  const noAutostart = options.autostart ? undefined : '1';
  const env = { PORT_DADDY_URL: url, PORT_DADDY_HOME: home, PORT_DADDY_NO_AUTOSTART: noAutostart };
  return { url, home, env };
}

function pd(at: Setup, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCli(args, { env: { ...at.env, ...env } });
}

async function start(at: Setup): Promise<{ url: string; pid: number; alreadyRunning: boolean }> {
  const result = await pd(at, ['start', '--json']);
  expect(result.code, result.stderr).toBe(0);
  const started = parseJson<{ url: string; pid: number; alreadyRunning: boolean }>(result);
  detachedPids.add(started.pid);
  return started;
}

async function stop(at: Setup): Promise<void> {
  const result = await pd(at, ['stop']);
  expect(result.code, result.stderr).toBe(0);
}

/** Running, and not a zombie waiting to be reaped (which has already exited). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = `/proc/${pid}/stat`;
  return !(fs.existsSync(stat) && /^\d+ \(.*\) Z/.test(fs.readFileSync(stat, 'utf8')));
}

function daemonJsonPid(home: string): number | undefined {
  const file = path.join(home, 'daemon.json');
  if (!fs.existsSync(file)) return undefined;
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number }).pid;
}

async function health(url: string): Promise<{ pid: number }> {
  const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(3000) });
  expect(response.status).toBe(200);
  return (await response.json()) as { pid: number };
}

/** Starts a foreground daemon that should refuse; returns what it printed. */
async function failedStart(options: StartOptions): Promise<string> {
  const daemon = await startDaemon(options).catch((error: Error) => error);
  if (daemon instanceof Error) return daemon.message;
  foreground.push(daemon);
  return `started at ${daemon.url}`;
}

/** The error code of a connection to url/health that must fail. */
async function healthError(url: string): Promise<string> {
  try {
    await fetch(`${url}/health`, { signal: AbortSignal.timeout(3000) });
  } catch (error) {
    return String((error as { cause?: { code?: string } }).cause?.code ?? error);
  }
  return 'answered';
}

afterAll(async () => {
  for (const daemon of foreground) {
    await daemon.stop();
    daemon.cleanup();
  }
  for (const pid of homes.map(daemonJsonPid)) if (pid) detachedPids.add(pid);
  for (const pid of detachedPids) {
    if (!isAlive(pid)) continue;
    process.kill(pid, 'SIGTERM');
    await waitFor(() => !isAlive(pid), 5000).catch(() => process.kill(pid, 'SIGKILL'));
  }
  for (const home of homes) fs.rmSync(home, { recursive: true, force: true });
});

describe('pd start, status, version and stop on a detached daemon', () => {
  let at: Setup;
  let pid: number;

  it('pd start runs the daemon in the background, prints its URL and pid, and /health answers', async () => {
    at = await setup();
    const result = await pd(at, ['start']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const match = /^port-daddy started at (\S+) \(pid (\d+), data (.+)\)\n$/.exec(result.stdout);
    expect(match, result.stdout).not.toBeNull();
    expect(match![1]).toBe(at.url);
    expect(match![3]).toBe(at.home);
    pid = Number(match![2]);
    detachedPids.add(pid);
    expect(isAlive(pid)).toBe(true);
    expect(await health(at.url)).toEqual({
      ok: true,
      service: 'port-daddy',
      version: VERSION,
      pid,
    });
  });

  it('a second pd start says it is already running and exits 0', async () => {
    const again = await pd(at, ['start']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`port-daddy is already running at ${at.url} (pid ${pid})\n`);
    const json = await pd(at, ['start', '--json']);
    expect(parseJson(json)).toEqual({ url: at.url, pid, alreadyRunning: true });
    expect((await health(at.url)).pid).toBe(pid);
  });

  it('pd status shows version, pid, uptime, data dir and counts', async () => {
    expect((await pd(at, ['claim', 'status:api', '-q'])).code).toBe(0);
    const result = await pd(at, ['status']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('port-daddy is running');
    const row = (name: string) =>
      new RegExp(`^ {2}${name} +(\\S.*)$`, 'm').exec(result.stdout)?.[1] ?? `no "${name}" row`;
    expect(row('url')).toBe(at.url);
    expect(row('version')).toBe(VERSION);
    expect(row('pid')).toBe(String(pid));
    expect(row('uptime')).toMatch(/^\d+[smhd]/);
    expect(row('data dir')).toBe(at.home);
    expect(row('claims')).toBe('1');
    expect(Number(row('events'))).toBeGreaterThanOrEqual(1);
  });

  it('pd status --json gives the same facts as JSON', async () => {
    const result = await pd(at, ['status', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const status = parseJson<Record<string, unknown>>(result);
    expect(status).toMatchObject({
      service: 'port-daddy',
      version: VERSION,
      pid,
      url: at.url,
      dataDir: at.home,
      nodeVersion: process.version,
      counts: { claims: 1 },
      range: { start: 3100, end: 9999 },
    });
    expect(status.uptimeMs).toBeGreaterThanOrEqual(0);
    expect(status.revision).toBeGreaterThanOrEqual(1);
  });

  it('pd version prints the CLI and the daemon version', async () => {
    const result = await pd(at, ['version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`pd ${VERSION} (daemon ${VERSION})\n`);
    expect(parseJson(await pd(at, ['version', '--json']))).toEqual({
      cli: VERSION,
      daemon: VERSION,
    });
  });

  it('pd stop stops it (pid gone, /health refused, daemon.json removed); again: not running', async () => {
    expect(fs.existsSync(path.join(at.home, 'daemon.json'))).toBe(true);
    const result = await pd(at, ['stop']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`stopped port-daddy (pid ${pid})\n`);
    expect(isAlive(pid)).toBe(false);
    expect(await healthError(at.url)).toBe('ECONNREFUSED');
    expect(fs.existsSync(path.join(at.home, 'daemon.json'))).toBe(false);

    const again = await pd(at, ['stop']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`port-daddy is not running at ${at.url}\n`);
    expect(parseJson(await pd(at, ['stop', '--json']))).toEqual({ stopped: false, pid: null });
  });

  it('pd version with no daemon prints the CLI version only and starts nothing', async () => {
    const result = await pd(at, ['version'], { PORT_DADDY_NO_AUTOSTART: undefined });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`pd ${VERSION}\n`);
    expect(parseJson(await pd(at, ['version', '--json']))).toEqual({ cli: VERSION, daemon: null });
    expect(await healthError(at.url)).toBe('ECONNREFUSED');
  });

  it('pd status with no daemon exits 3 with one line naming the URL, and starts nothing', async () => {
    const result = await pd(at, ['status'], { PORT_DADDY_NO_AUTOSTART: undefined });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(at.url);
    expect(result.stderr).toContain('not reachable');
    expect(await healthError(at.url)).toBe('ECONNREFUSED');
  });
});

describe('restart and durability', () => {
  it('pd restart replaces the daemon with a new pid', async () => {
    const at = await setup();
    const first = await start(at);
    const result = await pd(at, ['restart']);
    expect(result.code, result.stderr).toBe(0);
    const match = /^port-daddy restarted at (\S+) \(pid (\d+)\)\n$/.exec(result.stdout);
    expect(match, result.stdout).not.toBeNull();
    const pid = Number(match![2]);
    detachedPids.add(pid);
    expect(match![1]).toBe(at.url);
    expect(pid).not.toBe(first.pid);
    expect(isAlive(first.pid)).toBe(false);
    expect((await health(at.url)).pid).toBe(pid);
    await stop(at);
  });

  it('claims answered before or while pd stop runs are all there after a new start', async () => {
    const at = await setup();
    await start(at);
    const before = parseJson<{ port: number; revision: number }>(
      await pd(at, ['claim', 'durable:api', '--json']),
    );
    // Claims keep coming while the daemon stops: each one answered 200 must have committed.
    const acknowledged = new Map<string, number>();
    const statuses = new Set<number>();
    let running = true;
    const worker = async (id: number) => {
      for (let n = 0; running; n++) {
        const identity = `race:w${id}:c${n}`;
        const body = JSON.stringify({ identity });
        const response = await fetch(`${at.url}/claims`, { method: 'POST', body }).catch(
          () => null,
        );
        if (!response) return; // the daemon is gone
        statuses.add(response.status);
        const answer = (await response.json().catch(() => ({}))) as { port?: number };
        if (response.status === 200) acknowledged.set(identity, answer.port!);
      }
    };
    const workers = [0, 1, 2, 3].map(worker);
    await waitFor(() => acknowledged.size >= 10);
    await stop(at);
    running = false;
    await Promise.all(workers);
    // 503 SHUTTING_DOWN is a fair answer while stopping; a 500 is not.
    expect([...statuses].filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(fs.existsSync(path.join(at.home, 'daemon.json'))).toBe(false);

    await start(at);
    const ports = parseJson<{ identity: string; port: number; revision: number }[]>(
      await pd(at, ['ports', '--json']),
    );
    const stored = new Map(ports.map((claim) => [claim.identity, claim]));
    expect(stored.get('durable:api')).toMatchObject({
      port: before.port,
      revision: before.revision,
    });
    for (const [identity, port] of acknowledged)
      expect(stored.get(identity)?.port, identity).toBe(port);
    expect(parseJson(await pd(at, ['claim', 'durable:api', '--json']))).toMatchObject({
      port: before.port,
      existing: true,
    });
    await stop(at);
  });
});

describe('starting on demand and an unreachable daemon', () => {
  it('pd claim starts the daemon when it is not running and prints a port', async () => {
    const at = await setup({ autostart: true });
    expect(await healthError(at.url)).toBe('ECONNREFUSED');
    const result = await pd(at, ['claim', 'auto:web', '-q']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^\d+\n$/);
    const port = Number(result.stdout);
    expect(port).toBeGreaterThanOrEqual(3100);
    expect(port).toBeLessThanOrEqual(9999);
    const status = parseJson<{ pid: number; url: string; counts: { claims: number } }>(
      await pd(at, ['status', '--json']),
    );
    detachedPids.add(status.pid);
    expect(status.url).toBe(at.url);
    expect(status.counts.claims).toBe(1);
    expect((await health(at.url)).pid).toBe(status.pid);
    await stop(at);
    expect(isAlive(status.pid)).toBe(false);
  });

  it('with PORT_DADDY_NO_AUTOSTART=1, pd claim exits 3 with one line naming the URL', async () => {
    const at = await setup();
    const result = await pd(at, ['claim', 'x']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(at.url);
    expect(lines[0]).toContain('pd start');
    expect(await healthError(at.url)).toBe('ECONNREFUSED');
    expect(fs.existsSync(path.join(at.home, 'daemon.json'))).toBe(false);
  });
});

describe('one daemon per data dir, several side by side', () => {
  it('a second daemon on the same data dir refuses at once, naming the running one', async () => {
    const first = await startDaemon();
    foreground.push(first);
    const message = await failedStart({ home: first.home });
    expect(message).toMatch(/daemon exited with 1/);
    expect(message).toContain(`pid ${first.pid}`);
    expect(message).toContain(first.url);
    expect(message).toContain(first.home);
    expect(daemonJsonPid(first.home)).toBe(first.pid);
    const claim = await first.cli(['claim', 'first:still', '-q']);
    expect(claim.code, claim.stderr).toBe(0);
    expect((await health(first.url)).pid).toBe(first.pid);
  });

  it('two daemons with different homes run side by side, each with its own claims', async () => {
    const a = await startDaemon();
    foreground.push(a);
    const b = await startDaemon();
    foreground.push(b);
    expect(a.port).not.toBe(b.port);
    expect(a.home).not.toBe(b.home);
    expect((await a.cli(['claim', 'only:a', '-q'])).code).toBe(0);
    expect((await b.cli(['claim', 'only:b', '-q'])).code).toBe(0);
    for (const [daemon, identity] of [
      [a, 'only:a'],
      [b, 'only:b'],
    ] as const) {
      const claims = parseJson<{ identity: string }[]>(await daemon.cli(['ports', '--json']));
      expect(claims.map((claim) => claim.identity)).toEqual([identity]);
    }
    expect((await health(a.url)).pid).toBe(a.pid);
    expect((await health(b.url)).pid).toBe(b.pid);
  });
});

describe('where the daemon listens', () => {
  it('pd start --port N listens on N', async () => {
    const at = await setup();
    const wanted = await freePort();
    const result = await pd(at, ['start', '--port', String(wanted), '--json']);
    expect(result.code, result.stderr).toBe(0);
    const started = parseJson<{ url: string; pid: number }>(result);
    detachedPids.add(started.pid);
    expect(started.url).toBe(`http://127.0.0.1:${wanted}`);
    expect((await health(started.url)).pid).toBe(started.pid);
    expect(await healthError(at.url)).toBe('ECONNREFUSED');
    await stop({ ...at, env: { ...at.env, PORT_DADDY_URL: started.url } });
    expect(isAlive(started.pid)).toBe(false);
  });

  it('a daemon asked to listen on a port in use fails with a clear message', async () => {
    const server = http.createServer((_request, response) => response.end('not port-daddy'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const busy = (server.address() as { port: number }).port;
    try {
      const at = await setup();
      const detached = await pd(at, ['start', '--port', String(busy)]);
      expect(detached.code).toBe(1);
      expect(detached.stdout).toBe('');
      expect(detached.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(detached.stderr).toContain(`127.0.0.1:${busy} is already in use`);

      const home = makeTempHome();
      homes.push(home);
      const message = await failedStart({ port: busy, home });
      expect(message).toMatch(/daemon exited with 1/);
      expect(message).toContain(`127.0.0.1:${busy} is already in use`);
      expect(message).toContain('--port');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
