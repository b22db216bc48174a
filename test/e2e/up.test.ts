import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../helpers/cli.js';
import { startDaemon, stopDaemon, waitFor, type TestDaemon } from '../helpers/daemon.js';
import { freeRange, rangeEnv } from '../helpers/processes.js';
import {
  findStatus,
  healthCheckCmd,
  isRunning,
  serverCmd,
  startUp,
  writeProject,
  type UpProcess,
} from '../helpers/services.js';

let daemon: TestDaemon;
const started: UpProcess[] = [];

beforeAll(async () => {
  daemon = await startDaemon({ env: rangeEnv(await freeRange(20)) });
});
afterEach(() => {
  for (const up of started.splice(0)) up.killAll();
});
afterAll(() => stopDaemon(daemon));

function up(cwd: string, args: string[] = []): UpProcess {
  const process = startUp(daemon, cwd, args);
  started.push(process);
  return process;
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

// db <- api <- web, each slow to get ready, each ready by a different check.
const CHAIN = {
  project: 'chain',
  services: {
    web: {
      cmd: serverCmd('--delay', 400),
      needs: ['api'],
      env: { API_URL: 'http://127.0.0.1:${PORT:api}', DB_PORT: '${PORT:db}' },
      healthPath: '/health',
    },
    api: { cmd: serverCmd('--delay', 400, '--grandchild'), needs: ['db'], tcp: true },
    db: { cmd: serverCmd('--delay', 400), healthCmd: healthCheckCmd() },
  },
};

describe('pd up', () => {
  it('starts a chain in dependency order, each only after what it needs is ready, and Ctrl-C stops it all', async () => {
    const pd = up(writeProject(CHAIN));
    await waitFor(() => findStatus(pd.statuses(), { name: 'web', state: 'ready' }), 20_000, 100);
    await waitFor(() => pd.stderr().includes('3 services ready'), 5000);

    const statuses = pd.statuses();
    const index = (name: string, state: string) =>
      statuses.findIndex((status) => status.name === name && status.state === state);
    for (const [need, dependent] of [
      ['db', 'api'],
      ['api', 'web'],
    ] as const) {
      expect(index(need, 'ready')).toBeGreaterThanOrEqual(0);
      expect(index(need, 'ready')).toBeLessThan(index(dependent, 'starting'));
      const ready = findStatus(statuses, { name: need, state: 'ready' })!;
      const starting = findStatus(statuses, { name: dependent, state: 'starting' })!;
      expect(starting.at).toBeGreaterThanOrEqual(ready.at);
    }
    expect(pd.stderr()).toMatch(/pd +\| db ready on :\d+ \(\d+\.\d+s\)/);

    // ${PORT:api} and ${PORT:db} reached web's environment, PORT its own port.
    const port = (name: string) => findStatus(statuses, { name, state: 'ready' })!.port!;
    const env = (await (await fetch(`http://127.0.0.1:${port('web')}/env`)).json()) as Record<
      string,
      string
    >;
    expect(env.API_URL).toBe(`http://127.0.0.1:${port('api')}`);
    expect(env.DB_PORT).toBe(String(port('db')));
    expect(env.PORT).toBe(String(port('web')));
    expect(env.PORT_DADDY_IDENTITY).toBe('chain:web');

    // Every port is claimed under project:service.
    const claims = parseJson<Array<{ identity: string; port: number }>>(
      await daemon.cli(['ports', '--json']),
    );
    for (const name of ['db', 'api', 'web'])
      expect(claims).toContainEqual(
        expect.objectContaining({ identity: `chain:${name}`, port: port(name) }),
      );

    const pids = pd.pids();
    const grandchild = /grandchild (\d+)/.exec(pd.stdout())![1]!;
    expect(isRunning(Number(grandchild))).toBe(true);

    pd.child.kill('SIGINT');
    expect(await pd.exited).toBe(130);
    // Dependents stopped first.
    const stopped = pd.statuses().filter((status) => status.state === 'stopped');
    expect(stopped.map((status) => status.name)).toEqual(['web', 'api', 'db']);
    for (const pid of [...pids, Number(grandchild)])
      expect(isRunning(pid), `pid ${pid}`).toBe(false);
    for (const name of ['db', 'api', 'web']) expect(await connects(port(name))).toBe(false);
    const after = parseJson<Array<{ identity: string }>>(await daemon.cli(['ports', '--json']));
    expect(after.filter((claim) => claim.identity.startsWith('chain:'))).toEqual([]);
  });

  it('starts only the services asked for and what they need', async () => {
    const pd = up(writeProject({ ...CHAIN, project: 'only' }), ['api']);
    await waitFor(() => findStatus(pd.statuses(), { name: 'api', state: 'ready' }), 20_000, 100);
    expect(new Set(pd.statuses().map((status) => status.name))).toEqual(new Set(['db', 'api']));
    pd.child.kill('SIGTERM');
    expect(await pd.exited).toBe(143);
  });
});
