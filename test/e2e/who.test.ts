import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimJson, type ClaimJson } from '../helpers/claims.js';
import { parseJson } from '../helpers/cli.js';
import { freePort, startRangeDaemon, stopDaemon, type TestDaemon } from '../helpers/daemon.js';
import { close, listen } from '../helpers/processes.js';

describe('pd who', () => {
  let daemon: TestDaemon;

  beforeAll(async () => {
    ({ daemon } = await startRangeDaemon(20));
  });
  afterAll(() => stopDaemon(daemon));

  it('names the claim on a claimed port', async () => {
    const claim = await claimJson(daemon, ['who:api', '--owner', 'agent-9']);
    const result = await daemon.cli(['who', String(claim.port)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`port ${claim.port}\n`);
    expect(result.stdout).toMatch(/claimed by who:api \(owner agent-9\), since \d+s ago/);
    expect(result.stdout).toContain('nothing listens on it right now');

    const json = parseJson<{ port: number; claim: ClaimJson | null; listeners: unknown[] }>(
      await daemon.cli(['who', String(claim.port), '--json']),
    );
    expect(json).toMatchObject({
      port: claim.port,
      claim: { identity: 'who:api', owner: 'agent-9' },
      listeners: [],
    });
  });

  it.each(['127.0.0.1', '::'])('names the process listening on %s', async (host) => {
    const { server, port } = await listen(0, host);
    try {
      const result = await daemon.cli(['who', String(port)]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('not claimed through port-daddy');
      expect(result.stdout).toContain(`listening on ${host} by pid ${process.pid}:`);

      const json = parseJson<{ claim: unknown; listeners: { pid: number; address: string }[] }>(
        await daemon.cli(['who', String(port), '--json']),
      );
      expect(json.claim).toBeNull();
      expect(json.listeners).toEqual([
        expect.objectContaining({ pid: process.pid, address: host }),
      ]);
    } finally {
      await close(server);
    }
  });

  it('says a port is free when nobody claimed it and nothing listens', async () => {
    const port = await freePort();
    const result = await daemon.cli(['who', String(port)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `port ${port} is free: nobody claimed it and nothing listens on it\n`,
    );
  });
});
