import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../helpers/cli.js';
import { startDaemon, waitFor, type TestDaemon } from '../helpers/daemon.js';
import { exited, freeRange, isAlive, rangeEnv, spawnSleeper } from '../helpers/processes.js';

interface ClaimJson {
  identity: string;
  port: number;
  pid: number | null;
  alive: boolean | null;
  createdAt: string;
  expiresAt: string | null;
  ttlMs: number | null;
}

interface EventJson {
  type: string;
  subject: string;
  at: string;
  data: { port?: number; pid?: number | null; reason?: string };
}

// The issue promises the daemon reaps a dead or expired lease within 2 s; allow a little slack
// for a CLI round trip on a busy machine.
const REAP_BUDGET_MS = 2500;

describe('leases: claims owned by a pid or a TTL', () => {
  let daemon: TestDaemon;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    daemon = await startDaemon({ env: rangeEnv(await freeRange(50)) });
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await daemon?.stop();
    daemon?.cleanup();
  });

  async function claimJson(args: string[]): Promise<ClaimJson> {
    const result = await daemon.cli(['claim', ...args, '--json']);
    expect(result.code, result.stderr).toBe(0);
    return parseJson<ClaimJson>(result);
  }

  async function listed(identity: string): Promise<ClaimJson | undefined> {
    const result = await daemon.cli(['ports', identity, '--json']);
    expect(result.code, result.stderr).toBe(0);
    return parseJson<ClaimJson[]>(result).find((claim) => claim.identity === identity);
  }

  async function releaseEvent(identity: string): Promise<EventJson | undefined> {
    const response = await fetch(`${daemon.url}/events?limit=1000`);
    expect(response.status).toBe(200);
    const { events } = (await response.json()) as { events: EventJson[] };
    return events.find((event) => event.type === 'claim.released' && event.subject === identity);
  }

  function sleeper(): ChildProcess & { pid: number } {
    const child = spawnSleeper();
    children.push(child);
    expect(child.pid).toBeTypeOf('number');
    return child as ChildProcess & { pid: number };
  }

  it('releases a claim within 2 s of its --pid owner being killed, with a pid-dead event', async () => {
    const owner = sleeper();
    const claim = await claimJson(['lease:pid', '--pid', String(owner.pid)]);
    expect(claim).toMatchObject({ pid: owner.pid, alive: true });
    expect(await listed('lease:pid')).toMatchObject({ port: claim.port, pid: owner.pid });

    owner.kill('SIGKILL');
    const killedAt = Date.now();
    await exited(owner);
    expect(isAlive(owner.pid)).toBe(false);

    await waitFor(async () => (await listed('lease:pid')) === undefined, REAP_BUDGET_MS, 25);
    expect(Date.now() - killedAt).toBeLessThan(REAP_BUDGET_MS);

    const event = await releaseEvent('lease:pid');
    expect(event).toMatchObject({
      type: 'claim.released',
      subject: 'lease:pid',
      data: { port: claim.port, pid: owner.pid, reason: 'pid-dead' },
    });
    expect(Date.parse(event!.at) - killedAt).toBeLessThan(2000);
  });

  it('expires a --ttl 1s claim within about 2 s, with an expired event', async () => {
    const claim = await claimJson(['lease:ttl', '--ttl', '1s']);
    const createdAt = Date.parse(claim.createdAt);
    expect(claim.ttlMs).toBe(1000);
    expect(Date.parse(claim.expiresAt!) - createdAt).toBe(1000);

    await waitFor(async () => (await listed('lease:ttl')) === undefined, 1000 + REAP_BUDGET_MS, 25);

    const event = await releaseEvent('lease:ttl');
    expect(event).toMatchObject({
      subject: 'lease:ttl',
      data: { port: claim.port, reason: 'expired' },
    });
    const releasedAfter = Date.parse(event!.at) - createdAt;
    // Not before its time, and no later than the reaper's promise.
    expect(releasedAfter).toBeGreaterThanOrEqual(1000);
    expect(releasedAfter).toBeLessThan(2000);
  });

  it('keeps a claim whose TTL is renewed by claiming again before it runs out', async () => {
    const first = await claimJson(['lease:renew', '--ttl', '3s']);
    const firstExpiry = Date.parse(first.expiresAt!);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const renewed = await claimJson(['lease:renew', '--ttl', '3s']);
    expect(renewed.port).toBe(first.port);
    expect(Date.parse(renewed.expiresAt!)).toBeGreaterThanOrEqual(firstExpiry + 1000);

    // Past the first expiry plus a reaper round, the renewed claim is still held.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, firstExpiry + 700 - Date.now())),
    );
    expect(await listed('lease:renew')).toMatchObject({ port: first.port });
    expect(await releaseEvent('lease:renew')).toBeUndefined();
  });

  it('keeps claims without a lease, and claims whose pid still runs', async () => {
    const owner = sleeper();
    const plain = await claimJson(['lease:none']);
    const live = await claimJson(['lease:live', '--pid', String(owner.pid)]);
    // Three reaper rounds at least.
    await new Promise((resolve) => setTimeout(resolve, 1600));

    expect(await listed('lease:none')).toMatchObject({ port: plain.port, pid: null, alive: null });
    expect(await listed('lease:live')).toMatchObject({
      port: live.port,
      pid: owner.pid,
      alive: true,
    });
    expect(await releaseEvent('lease:none')).toBeUndefined();
    expect(await releaseEvent('lease:live')).toBeUndefined();
  });

  it('shows the live owner pid in pd ports, and no row once the owner is killed', async () => {
    const owner = sleeper();
    await claimJson(['lease:table', '--pid', String(owner.pid)]);
    const before = await daemon.cli(['ports', 'lease:table']);
    expect(before.stdout).toMatch(
      new RegExp(`^lease:table\\s+\\d+\\s+${owner.pid}\\s+yes\\s`, 'm'),
    );

    owner.kill('SIGKILL');
    await exited(owner);
    await waitFor(async () => {
      const result = await daemon.cli(['ports', 'lease:table']);
      return result.stdout === 'no claims match lease:table\n';
    }, REAP_BUDGET_MS);
  });
});
