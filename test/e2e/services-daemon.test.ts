import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPidAlive } from '../../src/shared/pid-alive.js';
import { CLI, parseJson } from '../helpers/cli.js';
import { makeTempHome, startRangeDaemon, waitFor, type TestDaemon } from '../helpers/daemon.js';
import { api } from '../helpers/locks.js';

const SERVER = fileURLToPath(new URL('../fixtures/services/server.mjs', import.meta.url));

interface ServiceJson {
  identity: string;
  name: string;
  state: string;
  ready: boolean;
  pid: number | null;
  port: number | null;
  host: string;
  hostPid: number | null;
  logFile: string | null;
  url: string | null;
}

/** Every service pid seen: killed by process group at the end, whatever happened. */
const seenPids = new Set<number>();

function killLeftovers(): void {
  for (const pid of seenPids) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function writeProject(dir: string, services: Record<string, unknown>): void {
  fs.writeFileSync(path.join(dir, '.portdaddyrc'), JSON.stringify({ project: 'svcd', services }));
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function ps(daemon: TestDaemon): Promise<ServiceJson[]> {
  const services = parseJson<ServiceJson[]>(await daemon.cli(['ps', '--all', '--json']));
  for (const service of services) if (service.pid !== null) seenPids.add(service.pid);
  return services;
}

const twoServices = {
  api: { cmd: `node ${SERVER} --delay 300`, healthPath: '/health' },
  web: { cmd: `node ${SERVER} --grandchild`, needs: ['api'], env: { API: '${PORT:api}' } },
};

describe('pd up -d, pd ps, pd logs, pd down: services the daemon runs', () => {
  let daemon: TestDaemon;
  let project: string;

  beforeAll(async () => {
    ({ daemon } = await startRangeDaemon(20));
    project = makeTempHome();
    fs.mkdirSync(path.join(project, '.git'));
    writeProject(project, twoServices);
  });
  afterAll(async () => {
    await daemon?.stop();
    killLeftovers();
    daemon?.cleanup();
    fs.rmSync(project, { recursive: true, force: true });
  });

  it('starts both, shows them ready, keeps their output, and a second up restarts nothing', async () => {
    const up = await daemon.cli(['up', '-d'], { cwd: project, timeoutMs: 60_000 });
    expect(up.code, up.stderr).toBe(0);
    const services = await ps(daemon);
    expect(services.map((s) => [s.identity, s.state, s.host])).toEqual([
      ['svcd:api', 'ready', 'daemon'],
      ['svcd:web', 'ready', 'daemon'],
    ]);
    const [apiService, web] = services as [ServiceJson, ServiceJson];
    expect(apiService.url).toBe(`http://api.svcd.localhost:${daemon.port}/`);
    expect(await canConnect(apiService.port!)).toBe(true);
    expect(fs.statSync(apiService.logFile!).mode & 0o777).toBe(0o600);
    expect(apiService.logFile).toBe(path.join(daemon.home, 'logs', 'svcd', 'api.log'));

    const logs = await daemon.cli(['logs', 'api'], { cwd: project });
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toContain(`listening on ${apiService.port}`);
    expect(logs.stdout).toContain('[pd] ready');
    const env = (await (await fetch(`http://127.0.0.1:${web.port}/env`)).json()) as {
      API: string;
    };
    expect(env.API).toBe(String(apiService.port));

    const again = await daemon.cli(['up', '-d'], { cwd: project, timeoutMs: 60_000 });
    expect(again.code, again.stderr).toBe(0);
    expect((await ps(daemon)).map((s) => s.pid)).toEqual([apiService.pid, web.pid]);
  });

  it('pd down from another process stops them, grandchildren too, and frees the ports', async () => {
    const before = await ps(daemon);
    const logs = fs.readFileSync(before[1]!.logFile!, 'utf8');
    const grandchild = Number(/grandchild (\d+)/.exec(logs)![1]);
    const follower = spawn(process.execPath, [CLI, 'logs', 'svcd:api', '-f', '-n', '1'], {
      env: { ...process.env, ...daemon.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let followed = '';
    follower.stdout.on('data', (chunk: Buffer) => (followed += chunk.toString()));
    await waitFor(() => followed.length > 0, 10_000);
    const down = await daemon.cli(['down', '--json'], { cwd: project, timeoutMs: 30_000 });
    expect(down.code, down.stderr).toBe(0);
    const answer = parseJson<{ stopped: ServiceJson[]; foreground: ServiceJson[] }>(down);
    expect(answer.stopped.map((s) => [s.identity, s.state])).toEqual([
      ['svcd:web', 'stopped'],
      ['svcd:api', 'stopped'],
    ]);
    for (const service of before) {
      expect(await canConnect(service.port!)).toBe(false);
      expect(isPidAlive(service.pid!)).toBe(false);
    }
    expect(isPidAlive(grandchild)).toBe(false);
    const { body } = await api<{ claims: unknown[] }>(daemon, 'GET', '/claims?pattern=svcd:*');
    expect(body.claims).toEqual([]);
    try {
      await waitFor(() => followed.includes('[pd] stopped'), 10_000);
      expect(followed).toContain('[pd] stopping');
    } finally {
      follower.kill('SIGKILL');
    }
    const nothing = await daemon.cli(['down'], { cwd: project });
    expect(nothing.stdout).toBe('nothing to stop\n');
  });

  it('starts only what is asked (and what it needs), and pd down <service> stops it alone', async () => {
    const up = await daemon.cli(['up', '-d', 'api'], { cwd: project, timeoutMs: 60_000 });
    expect(up.code, up.stderr).toBe(0);
    expect((await ps(daemon)).map((s) => [s.name, s.state])).toEqual([
      ['api', 'ready'],
      ['web', 'stopped'],
    ]);
    const web = await daemon.cli(['up', '-d', 'web'], { cwd: project, timeoutMs: 60_000 });
    expect(web.code, web.stderr).toBe(0);
    const down = await daemon.cli(['down', 'web', '--project', 'svcd']);
    expect(down.stdout).toBe('stopped svcd:web\n');
    expect((await ps(daemon)).map((s) => [s.name, s.state])).toEqual([
      ['api', 'ready'],
      ['web', 'stopped'],
    ]);
    await daemon.cli(['down', '--all']);
  });

  it('answers 409 with the last lines of a service that fails to start, and stops the rest', async () => {
    const broken = makeTempHome();
    try {
      fs.writeFileSync(
        path.join(broken, '.portdaddyrc'),
        JSON.stringify({
          project: 'broken',
          services: {
            db: { cmd: `node ${SERVER}` },
            app: { cmd: `node ${SERVER} --exit-now 3`, needs: ['db'] },
          },
        }),
      );
      const answer = await api<{ error: { code: string; details: { lastLines: string[] } } }>(
        daemon,
        'POST',
        '/services/up',
        { root: broken },
      );
      expect(answer.status, JSON.stringify(answer.body)).toBe(409);
      expect(answer.body.error.code).toBe('SERVICE_FAILED');
      expect(answer.body.error.details.lastLines.join('\n')).toContain('fatal: cannot start');
      const rows = (await ps(daemon)).filter((s) => s.identity.startsWith('broken:'));
      expect(rows.map((s) => [s.name, s.state])).toEqual([
        ['app', 'failed'],
        ['db', 'stopped'],
      ]);
      const cli = await daemon.cli(['up', '-d'], { cwd: broken, timeoutMs: 30_000 });
      expect(cli.code).not.toBe(0);
      expect(cli.stderr).toMatch(/broken:app: /);
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });

  it('answers 400 INVALID_CONFIG for a folder without a .portdaddyrc', async () => {
    const empty = makeTempHome();
    fs.mkdirSync(path.join(empty, '.git'));
    try {
      const answer = await api<{ error: { code: string; message: string } }>(
        daemon,
        'POST',
        '/services/up',
        { root: empty },
      );
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('INVALID_CONFIG');
      expect(answer.body.error.message).toMatch(/not found in/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('stops every service when the daemon stops', async () => {
    const up = await daemon.cli(['up', '-d'], { cwd: project, timeoutMs: 60_000 });
    expect(up.code, up.stderr).toBe(0);
    const running = (await ps(daemon)).filter((s) => s.identity.startsWith('svcd:'));
    expect(running.every((s) => s.state === 'ready')).toBe(true);
    await daemon.stop();
    for (const service of running) {
      await waitFor(() => !isPidAlive(service.pid!), 10_000);
      expect(await canConnect(service.port!)).toBe(false);
    }
  });
});

describe('pd up -d while the daemon stops', () => {
  it('stops a service that was still starting, and the up fails', async () => {
    const { daemon } = await startRangeDaemon(5);
    const slow = makeTempHome();
    try {
      fs.mkdirSync(path.join(slow, '.git'));
      fs.writeFileSync(
        path.join(slow, '.portdaddyrc'),
        JSON.stringify({
          project: 'slow',
          services: { api: { cmd: `node ${SERVER} --delay 20000`, healthPath: '/health' } },
        }),
      );
      const up = api(daemon, 'POST', '/services/up', { root: slow }).catch((error: Error) => error);
      const starting = await waitFor(async () => {
        const listed = await ps(daemon);
        return listed.find((s) => s.identity === 'slow:api' && s.pid !== null);
      }, 10_000);
      await daemon.stop();
      const answer = await up;
      // The daemon answers 503 SHUTTING_DOWN, unless the connection closed first.
      if (!(answer instanceof Error)) expect(answer.status).toBe(503);
      await waitFor(() => !isPidAlive(starting!.pid!), 10_000);
    } finally {
      await daemon.stop();
      killLeftovers();
      daemon.cleanup();
      fs.rmSync(slow, { recursive: true, force: true });
    }
  });
});
