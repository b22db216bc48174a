import net from 'node:net';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import type { ProjectConfig } from './config-schema.js';
import { groupAlive } from './process-group.js';
import { ServiceStartError, Supervisor } from './supervisor.js';
import type { ServiceStatus, SupervisorHooks } from './supervisor-types.js';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// A server on $PORT whose shell also leaves a background sleep in the group (a "grandchild").
const SERVER = `sleep 30 & exec '${process.execPath}' -e "require('node:http').createServer((q, s) => s.end()).listen(process.env.PORT, '127.0.0.1')"`;

function recordingHooks() {
  const claimed: string[] = [];
  const released: string[] = [];
  const statuses: ServiceStatus[] = [];
  const hooks: SupervisorHooks = {
    claimPort: async (identity) => (claimed.push(identity), freePort()),
    releasePort: async (identity) => void released.push(identity),
    onStatus: (status) => statuses.push(status),
    onLog: () => undefined,
  };
  return { hooks, claimed, released, statuses };
}

describe('Supervisor', () => {
  it('claims every port first, starts in order, stops whole groups in reverse and releases', async () => {
    const config: ProjectConfig = {
      project: 'unit',
      services: {
        web: { cmd: SERVER, needs: ['db'], env: { DB: '${PORT:db}' } },
        db: { cmd: SERVER, healthPath: '/' },
      },
    };
    const { hooks, claimed, released, statuses } = recordingHooks();
    const supervisor = new Supervisor(config, { root: os.tmpdir(), branch: 'feat/x', hooks });
    expect(supervisor.order).toEqual(['db', 'web']);
    await supervisor.start();
    expect(claimed).toEqual(['unit:db:feat-x', 'unit:web:feat-x']);
    expect(supervisor.statuses().map((s) => s.state)).toEqual(['ready', 'ready']);
    const pids = supervisor.statuses().map((s) => s.pid!);
    const firstWebStart = statuses.findIndex((s) => s.name === 'web' && s.state === 'starting');
    const dbReady = statuses.findIndex((s) => s.name === 'db' && s.state === 'ready');
    expect(dbReady).toBeLessThan(firstWebStart);

    await supervisor.stop();
    expect(released).toEqual(['unit:web:feat-x', 'unit:db:feat-x']);
    expect(supervisor.statuses().map((s) => s.state)).toEqual(['stopped', 'stopped']);
    for (const pid of pids) expect(groupAlive(pid)).toBe(false);
  });

  it('rejects with the failing service and its last lines, after stopping the others', async () => {
    const config: ProjectConfig = {
      project: 'unit',
      services: {
        db: { cmd: SERVER },
        api: { cmd: 'echo about to fail; exit 4', needs: ['db'] },
      },
    };
    const { hooks, released } = recordingHooks();
    const supervisor = new Supervisor(config, { root: os.tmpdir(), hooks });
    const error = await supervisor.start().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServiceStartError);
    expect((error as ServiceStartError).service).toBe('api');
    expect((error as ServiceStartError).reason).toBe('exited with code 4 before it was ready');
    expect((error as ServiceStartError).lastLines).toEqual(['about to fail']);
    expect(released.sort()).toEqual(['unit:api', 'unit:db']);
    expect(supervisor.statuses().map((s) => s.state)).toEqual(['stopped', 'failed']);
  });
});
