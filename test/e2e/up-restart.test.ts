import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, stopDaemon, waitFor, type TestDaemon } from '../helpers/daemon.js';
import { freePort } from '../helpers/daemon.js';
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

function up(config: unknown): UpProcess {
  const process = startUp(daemon, writeProject(config));
  started.push(process);
  return process;
}

async function claimedBy(project: string): Promise<string[]> {
  const claims = JSON.parse((await daemon.cli(['ports', '--json'])).stdout) as Array<{
    identity: string;
  }>;
  return claims.map((claim) => claim.identity).filter((id) => id.startsWith(`${project}:`));
}

describe('pd up restarts', () => {
  it('restarts on failure with a doubling backoff, then gives up showing the last lines', async () => {
    const pd = up({
      project: 'flaky',
      services: {
        api: {
          cmd: serverCmd('--crash-after', 100),
          restart: 'on-failure',
          restartBackoff: '300ms',
          maxRestarts: 2,
        },
      },
    });
    // With nothing left running, pd up ends by itself, non-zero.
    expect(await pd.exited).toBe(1);
    const statuses = pd.statuses();
    const restarting = statuses.filter((status) => status.state === 'restarting');
    expect(restarting.map((status) => status.message)).toEqual([
      'exited with code 1; restart 1/2 in 300ms',
      'exited with code 1; restart 2/2 in 600ms',
    ]);
    expect(restarting.map((status) => status.restarts)).toEqual([1, 2]);
    // Each restart waited its backoff.
    const starts = statuses.filter((status) => status.state === 'starting');
    expect(starts).toHaveLength(3);
    expect(starts[1]!.at - restarting[0]!.at).toBeGreaterThanOrEqual(290);
    expect(starts[2]!.at - restarting[1]!.at).toBeGreaterThanOrEqual(590);
    const failed = findStatus(statuses, { name: 'api', state: 'failed' })!;
    expect(failed.message).toBe('exited with code 1; gave up after 2 restarts in a row');
    expect(failed.lastLines).toContain('crashing now');
    expect(pd.stderr()).toMatch(/last lines of api:\n(.*\n)*api +\| crashing now/);
    expect(await claimedBy('flaky')).toEqual([]);
  });

  it('restarts always, even after a clean exit', async () => {
    const pd = up({
      project: 'always',
      services: {
        job: {
          cmd: `${serverCmd()} & sleep 0.5; exit 0`,
          restart: 'always',
          restartBackoff: '100ms',
        },
      },
    });
    await waitFor(
      () => findStatus(pd.statuses(), { name: 'job', state: 'restarting' }),
      10_000,
      100,
    );
    expect(findStatus(pd.statuses(), { state: 'restarting' })!.message).toMatch(
      /^exited with code 0/,
    );
    pd.child.kill('SIGINT');
    expect(await pd.exited).toBe(130);
  });
});

describe('pd up reports and recovers', () => {
  it('reports a service ready by its healthCmd that ignored PORT', async () => {
    const elsewhere = await freePort();
    const pd = up({
      project: 'deaf',
      services: {
        api: { cmd: serverCmd('--listen', elsewhere), healthCmd: healthCheckCmd(elsewhere) },
      },
    });
    const ready = (await waitFor(
      () => findStatus(pd.statuses(), { name: 'api', state: 'ready' }),
      15_000,
      100,
    ))!;
    expect(ready.message).toBe(
      `ready, but nothing listens on its port ${ready.port}: it ignored PORT (pass it the port, e.g. --port \${PORT})`,
    );
    expect(pd.stderr()).toContain(`api ready, but nothing listens on its port ${ready.port}`);
    pd.child.kill('SIGINT');
    expect(await pd.exited).toBe(130);
  });

  it('a second Ctrl-C kills at once what ignores SIGTERM', async () => {
    const pd = up({ project: 'stubborn', services: { api: { cmd: serverCmd('--ignore-term') } } });
    await waitFor(() => findStatus(pd.statuses(), { name: 'api', state: 'ready' }), 15_000, 100);
    const pids = pd.pids();
    pd.child.kill('SIGINT');
    await waitFor(() => pd.stdout().includes('ignoring SIGTERM'), 5000);
    const killedAt = Date.now();
    pd.child.kill('SIGINT');
    expect(await pd.exited).toBe(130);
    expect(Date.now() - killedAt).toBeLessThan(2000);
    await waitFor(() => pids.every((pid) => !isRunning(pid)), 2000);
  });

  it('when pd up is killed with -9, the daemon releases its ports', async () => {
    const pd = up({ project: 'killed', services: { api: { cmd: serverCmd() } } });
    await waitFor(() => findStatus(pd.statuses(), { name: 'api', state: 'ready' }), 15_000, 100);
    expect(await claimedBy('killed')).toEqual(['killed:api']);
    pd.child.kill('SIGKILL');
    await waitFor(async () => (await claimedBy('killed')).length === 0, 10_000, 200);
  });
});
