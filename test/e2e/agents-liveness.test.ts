import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentCli, agentOverHttp, registerJson, registerOverHttp } from '../helpers/agents.js';
import { startRangeDaemon, stopDaemon, waitFor, type TestDaemon } from '../helpers/daemon.js';
import { api, heldLock, type EventJson } from '../helpers/locks.js';
import { exited, spawnSleeper } from '../helpers/processes.js';

// The issue promises dead-agent detection and release within 2 s of a pid's death.
const REAP_BUDGET_MS = 2000;

async function events(daemon: TestDaemon): Promise<EventJson[]> {
  const { body } = await api<{ events: EventJson[] }>(daemon, 'GET', '/events?limit=1000');
  return body.events;
}

describe('agent liveness: stale, dead, and what death releases', () => {
  let daemon: TestDaemon;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    ({ daemon } = await startRangeDaemon(5));
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await stopDaemon(daemon);
  });

  it('goes stale at half a --timeout 2s and dead at the end of it', async () => {
    const { agent } = await registerJson(daemon, ['--agent', 'short', '--timeout', '2s']);
    expect(agent).toMatchObject({ state: 'alive', timeoutMs: 2000 });
    const registeredAt = Date.parse(agent.heartbeatAt);

    const stale = await waitFor(async () => {
      const now = await agentOverHttp(daemon, 'short');
      return now.state === 'stale' ? now : undefined;
    });
    expect(Date.parse(stale!.deadAt!) - registeredAt).toBe(2000);

    const dead = await waitFor(async () => {
      const now = await agentOverHttp(daemon, 'short');
      return now.state === 'dead' ? now : undefined;
    });
    expect(dead!).toMatchObject({ endReason: 'timeout', staleAt: null, deadAt: null });
    expect(Date.parse(dead!.endedAt!) - registeredAt).toBeGreaterThanOrEqual(2000);
    expect(Date.parse(dead!.endedAt!) - registeredAt).toBeLessThan(2000 + REAP_BUDGET_MS);

    const table = await agentCli(daemon, ['agents', '--all']);
    expect(table.stdout).toMatch(/^short\s+-\s+-\s+-\s+-\s+\d+s ago\s+dead$/m);
    // A heartbeat brings it back.
    const back = await agentCli(daemon, ['agent', 'heartbeat', '--agent', 'short']);
    expect(back.stdout).toMatch(/^short alive: dead in [12]s without a heartbeat\n$/);
    const types = (await events(daemon))
      .filter((event) => event.subject === 'short')
      .map((event) => event.type);
    expect(types).toEqual(['agent.registered', 'agent.died', 'agent.revived']);
  });

  it('kill -9 of its pid: dead within 2 s, its port and lock freed', async () => {
    const sleeper = spawnSleeper();
    children.push(sleeper);
    await registerJson(daemon, [
      '--agent',
      'worker',
      '--identity',
      'crashy:api',
      '--pid',
      String(sleeper.pid),
    ]);
    const claimed = await daemon.cli(['claim', 'crashy:web', '--owner', 'worker', '-q']);
    expect(claimed.code, claimed.stderr).toBe(0);
    const locked = await daemon.cli(['lock', 'crashy-deploy', '--owner', 'worker']);
    expect(locked.code, locked.stderr).toBe(0);

    const killedAt = Date.now();
    sleeper.kill('SIGKILL');
    await exited(sleeper);
    const dead = await waitFor(
      async () => {
        const now = await agentOverHttp(daemon, 'worker');
        return now.state === 'dead' ? now : undefined;
      },
      REAP_BUDGET_MS + 1000,
      20,
    );
    expect(dead!.endReason).toBe('pid-dead');
    expect(await heldLock(daemon, 'crashy-deploy')).toBeUndefined();
    const { body } = await api<{ claims: { identity: string }[] }>(daemon, 'GET', '/claims');
    expect(body.claims.map((claim) => claim.identity)).not.toContain('crashy:web');

    const log = await events(daemon);
    const died = log.find((event) => event.type === 'agent.died' && event.subject === 'worker');
    expect(died?.data).toMatchObject({ reason: 'pid-dead', pid: sleeper.pid });
    const freed = log.filter(
      (event) =>
        (event.type === 'lock.released' && event.subject === 'crashy-deploy') ||
        (event.type === 'claim.released' && event.subject === 'crashy:web'),
    );
    expect(freed.map((event) => event.data.reason)).toEqual(['agent-ended', 'agent-ended']);
    for (const event of [died!, ...freed])
      expect(Date.parse(event.at) - killedAt).toBeLessThan(REAP_BUDGET_MS);
  });

  it('tells the next agent of a project about its dead agents', async () => {
    await registerOverHttp(daemon, { agent: 'ghost-1', project: 'haunted', timeout: '1s' });
    await registerOverHttp(daemon, { agent: 'ghost-2', identity: 'haunted:web', timeout: '1s' });
    await registerOverHttp(daemon, { agent: 'elsewhere', project: 'calm', timeout: '1s' });
    await waitFor(async () => (await agentOverHttp(daemon, 'ghost-2')).state === 'dead');

    const next = await daemon.cli([
      'agent',
      'register',
      '--agent',
      'medium',
      '--identity',
      'haunted:api',
    ]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toBe('2 dead agent(s) in haunted:*. Run: pd salvage --project haunted\n');
    expect(next.stdout).toBe('registered medium (haunted:api)\nexport PORT_DADDY_AGENT=medium\n');

    const json = await registerJson(daemon, ['--agent', 'medium']);
    expect(json.deadInProject.map((agent) => agent.id).sort()).toEqual(['ghost-1', 'ghost-2']);
    const quiet = await daemon.cli(['agent', 'register', '--agent', 'medium', '-q']);
    expect(quiet.stdout).toBe('medium\n');
    expect(quiet.stderr).toBe('2 dead agent(s) in haunted:*. Run: pd salvage --project haunted\n');

    // No project, no hint.
    const loner = await daemon.cli(['agent', 'register', '--agent', 'loner']);
    expect(loner.stderr).toBe('');
  });
});
