import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdClient } from '../../src/client/index.js';
import { CLI, parseJson } from '../helpers/cli.js';
import { startDaemon, stopDaemon, waitFor, type TestDaemon } from '../helpers/daemon.js';
import { api } from '../helpers/locks.js';

interface ServiceJson {
  identity: string;
  project: string;
  name: string;
  state: string;
  ready: boolean;
  pid: number | null;
  port: number | null;
  host: string;
  hostPid: number | null;
  url: string | null;
  markedReady: boolean;
  message: string | null;
  startedAt: string | null;
}

const report = (overrides: Record<string, unknown> = {}) => ({
  project: 'myapp',
  name: 'api',
  identity: 'myapp:api',
  state: 'ready',
  pid: process.pid,
  port: 4321,
  restarts: 0,
  startedAt: Date.now() - 5000,
  exitCode: null,
  message: null,
  hostPid: process.pid,
  ...overrides,
});

/** A pid that certainly ran and exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', 'process.pid']).pid!;
}

describe('services: report, ps, get, wait, integration ready, url', () => {
  let daemon: TestDaemon;
  beforeAll(async () => {
    daemon = await startDaemon();
  });
  afterAll(() => stopDaemon(daemon));

  it('shows what a foreground pd up reports in pd ps and GET /services/{identity}', async () => {
    const answer = await api<ServiceJson>(daemon, 'POST', '/services/report', report());
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({
      identity: 'myapp:api',
      state: 'ready',
      ready: true,
      host: 'cli',
      hostPid: process.pid,
      url: `http://api.myapp.localhost:${daemon.port}/`,
    });
    const got = await api<ServiceJson>(daemon, 'GET', '/services/myapp:api');
    expect(got.body).toEqual(answer.body);

    const listed = parseJson<ServiceJson[]>(await daemon.cli(['ps', '--json']));
    expect(listed.map((service) => service.identity)).toContain('myapp:api');
    const table = await daemon.cli(['ps', '--project', 'myapp']);
    expect(table.code, table.stderr).toBe(0);
    const row = table.stdout.split('\n').find((line) => line.startsWith('myapp:api'))!;
    expect(row).toContain('ready');
    expect(row).toContain('4321');
    expect(row).toContain(`http://api.myapp.localhost:${daemon.port}/`);
    expect(row).toContain(`pd up (pid ${process.pid})`);
    expect(row).toMatch(/\b\d+s\b/);
  });

  it('publishes service.state on changes only, and service.ready', async () => {
    const body = report({ identity: 'myapp:events', name: 'events', state: 'starting' });
    await api(daemon, 'POST', '/services/report', body);
    await api(daemon, 'POST', '/services/report', { ...body, pid: 1 });
    await api(daemon, 'POST', '/services/report', { ...body, state: 'ready' });
    const { body: list } = await api<{ events: { type: string; subject: string }[] }>(
      daemon,
      'GET',
      '/events?limit=1000',
    );
    const mine = list.events.filter((event) => event.subject === 'myapp:events');
    expect(mine.map((event) => event.type)).toEqual([
      'service.state',
      'service.state',
      'service.ready',
    ]);
  });

  it('keeps the order of reports sent at once by one client', async () => {
    const client = new PdClient({ url: daemon.url });
    try {
      const states = ['starting', 'ready', 'stopping', 'stopped'] as const;
      const sent = Array.from({ length: 40 }, (_, index) =>
        client.services.report({
          ...report({ identity: 'myapp:order', name: 'order' }),
          state: states[index % states.length]!,
          restarts: index,
        }),
      );
      await Promise.all(sent);
      expect(await client.services.get('myapp:order')).toMatchObject({
        state: 'stopped',
        restarts: 39,
      });
    } finally {
      client.close();
    }
  });

  it('marks the services of a pd up that died as stopped', async () => {
    const pid = deadPid();
    await api(
      daemon,
      'POST',
      '/services/report',
      report({ identity: 'myapp:gone', name: 'gone', hostPid: pid }),
    );
    const stopped = await waitFor(async () => {
      const { body } = await api<ServiceJson>(daemon, 'GET', '/services/myapp:gone');
      return body.state === 'stopped' ? body : undefined;
    });
    expect(stopped!.message).toBe(`its pd up (pid ${pid}) exited`);
    const ps = await daemon.cli(['ps']);
    expect(ps.stdout).not.toContain('myapp:gone');
    expect((await daemon.cli(['ps', '--all'])).stdout).toContain('myapp:gone');
  });

  it('pd wait returns once pd integration ready marks the service', async () => {
    const waiter = spawn(
      process.execPath,
      [CLI, 'wait', 'other:db', 'myapp:api', '--timeout', '15s'],
      {
        env: { ...process.env, ...daemon.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    waiter.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => waiter.once('exit', resolve));
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(waiter.exitCode).toBeNull();
      const marked = await daemon.cli(['integration', 'ready', 'Other:DB']);
      expect(marked.code, marked.stderr).toBe(0);
      expect(marked.stdout).toBe('marked other:db ready\n');
      expect(await exited).toBe(0);
      expect(stdout).toBe('ready: other:db, myapp:api\n');
    } finally {
      waiter.kill('SIGKILL');
    }
    const shown = await api<ServiceJson>(daemon, 'GET', '/services/other:db');
    expect(shown.body).toMatchObject({ host: 'external', markedReady: true, ready: true });
  });

  it('pd wait times out with exit 1 naming what is not ready', async () => {
    const started = Date.now();
    const result = await daemon.cli(['wait', 'myapp:api', 'myapp:never', '--timeout', '300ms']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('pd: not ready after 300ms: myapp:never\n');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    const json = await daemon.cli(['wait', 'myapp:never', '--timeout', '0', '--json']);
    expect(json.code).toBe(1);
    expect(parseJson(json)).toEqual({
      ready: false,
      readyIdentities: [],
      notReady: ['myapp:never'],
    });
  });

  it('pd url prints the named URL of an identity', async () => {
    const plain = await daemon.cli(['url', 'myapp:api']);
    expect(plain.stdout).toBe(`http://api.myapp.localhost:${daemon.port}/\n`);
    const branch = parseJson(await daemon.cli(['url', 'MyApp:Web:feat-x', '--json']));
    expect(branch).toEqual({
      identity: 'myapp:web:feat-x',
      hostname: 'web--feat-x.myapp.localhost',
      url: `http://web--feat-x.myapp.localhost:${daemon.port}/`,
      port: null,
    });
    const bad = await daemon.cli(['url', 'myapp']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/myapp has no URL: it needs project:service\[:branch\]/);
  });
});

describe('services: bad input and unknown services', () => {
  let daemon: TestDaemon;
  beforeAll(async () => {
    daemon = await startDaemon();
  });
  afterAll(() => stopDaemon(daemon));

  const bad: [string, string, unknown, RegExp][] = [
    ['POST', '/services/report', {}, /invalid service report: project: /],
    ['POST', '/services/report', report({ state: 'bogus' }), /state: Invalid option/],
    ['POST', '/services/report', report({ port: 70000 }), /port: Too big/],
    ['POST', '/services/report', report({ hostPid: -1 }), /hostPid/],
    ['POST', '/services/report', report({ identity: 'a:b:c:d' }), /invalid identity "a:b:c:d"/],
    ['POST', '/services/report', report({ extra: 1 }), /Unrecognized key/],
    ['POST', '/services/report', '{not json', /./],
    ['POST', '/services/up', {}, /root: /],
    ['POST', '/services/up', { root: 'relative/dir' }, /root: must be an absolute path/],
    [
      'POST',
      '/services/up',
      { root: '/tmp', services: ['Bad Name'] },
      /services.0: a service name/,
    ],
    ['POST', '/services/down', { project: '-x' }, /project: /],
    ['POST', '/services/down', { services: 'api' }, /services: /],
    ['POST', '/services/wait', { identities: [] }, /identities: /],
    ['POST', '/services/wait', { identities: ['a:b'], timeout: '2h' }, /invalid timeout "2h"/],
    ['POST', '/services/wait', { identities: ['a b'] }, /invalid identity "a b"/],
    ['GET', '/services?project=-x', undefined, /invalid query: project/],
    ['GET', '/services?bogus=1', undefined, /Unrecognized key/],
    ['GET', '/services/a:b:c:d', undefined, /invalid identity/],
    ['GET', '/services/a:b:c:d/url', undefined, /invalid identity/],
    ['POST', '/services/-x/ready', undefined, /invalid identity/],
  ];

  it.each(bad)('%s %s -> 400', async (method, path, body, message) => {
    const answer = await api<{ error: { code: string; message: string } }>(
      daemon,
      method as 'GET' | 'POST',
      path,
      body,
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body.error.message).toMatch(message);
  });

  it('answers 404 for an unknown service, and pd down names it', async () => {
    const answer = await api<{ error: { code: string } }>(daemon, 'GET', '/services/myapp:nope');
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('NOT_FOUND');
    const down = await daemon.cli(['down', 'nope', '--project', 'myapp']);
    expect(down.code).toBe(1);
    expect(down.stderr).toBe('pd: no service nope in project myapp\n');
  });

  it('pd down names services of a foreground pd up rather than killing them', async () => {
    await api(daemon, 'POST', '/services/report', report());
    const down = await daemon.cli(['down', '--project', 'myapp']);
    expect(down.code).toBe(1);
    expect(down.stderr).toBe(
      `pd: still running in a foreground pd up: myapp:api (pd up pid ${process.pid}); stop it there with Ctrl-C\n`,
    );
  });

  it('pd down without a .portdaddyrc asks for --project, and pd logs for a service', async () => {
    const down = await daemon.cli(['down'], { cwd: daemon.home });
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/no \.portdaddyrc here or above: pass --project/);
    const logs = await daemon.cli(['logs']);
    expect(logs.code).toBe(2);
    const foreground = await daemon.cli(['logs', 'myapp:api']);
    expect(foreground.code).toBe(1);
    expect(foreground.stderr).toMatch(
      /runs in a foreground pd up \(pid \d+\): its output is in that terminal/,
    );
  });
});
