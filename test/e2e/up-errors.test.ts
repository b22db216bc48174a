import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stderrLines } from '../helpers/cli.js';
import { startDaemon, stopDaemon, type TestDaemon } from '../helpers/daemon.js';
import { freeRange, rangeEnv } from '../helpers/processes.js';
import { isRunning, serverCmd, startUp, writeProject } from '../helpers/services.js';

let daemon: TestDaemon;

beforeAll(async () => {
  daemon = await startDaemon({ env: rangeEnv(await freeRange(20)) });
});
afterAll(() => stopDaemon(daemon));

async function upIn(config: unknown, args: string[] = []) {
  return daemon.cli(['up', ...args], { cwd: writeProject(config) });
}

async function claimedBy(project: string): Promise<string[]> {
  const claims = JSON.parse((await daemon.cli(['ports', '--json'])).stdout) as Array<{
    identity: string;
  }>;
  return claims.map((claim) => claim.identity).filter((id) => id.startsWith(`${project}:`));
}

describe('pd up refuses a bad project, in one line', () => {
  it('names a dependency cycle', async () => {
    const result = await upIn({
      project: 'cycle',
      services: {
        a: { cmd: 'true', needs: ['b'] },
        b: { cmd: 'true', needs: ['a'] },
      },
    });
    expect(result.code).toBe(1);
    expect(stderrLines(result)).toHaveLength(1);
    expect(result.stderr).toMatch(/dependency cycle: a -> b -> a/);
    expect(await claimedBy('cycle')).toEqual([]);
  });

  it('names what is wrong in an invalid config, with its JSON path', async () => {
    const result = await upIn({ project: 'bad', services: { api: { cmd: 5 } } });
    expect(result.code).toBe(1);
    expect(stderrLines(result)).toHaveLength(1);
    expect(result.stderr).toMatch(/services\.api\.cmd/);
  });

  it('says where it looked when there is no .portdaddyrc', async () => {
    // A git root stops the search upward.
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-up-none-'));
    fs.mkdirSync(path.join(cwd, '.git'));
    const result = await daemon.cli(['up'], { cwd });
    expect(result.code).toBe(1);
    expect(stderrLines(result)).toHaveLength(1);
    expect(result.stderr).toMatch(/\.portdaddyrc: not found in .*pd scan/);
  });

  it('rejects a service that is not declared', async () => {
    const result = await upIn({ project: 'unknown', services: { api: { cmd: 'true' } } }, ['web']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/unknown service "web"/);
  });
});

describe('pd up fails when a service does not become ready', () => {
  it('exits 1 within its readyTimeout, with its last lines, and kills it', async () => {
    const cwd = writeProject({
      project: 'never',
      services: { api: { cmd: serverCmd('--never-listen'), readyTimeout: '1500ms' } },
    });
    const startedAt = Date.now();
    const pd = startUp(daemon, cwd);
    try {
      const code = await pd.exited;
      const took = Date.now() - startedAt;
      expect(code).toBe(1);
      expect(took).toBeLessThan(10_000);
      expect(pd.stderr()).toMatch(
        /api failed: not ready after 1\.5s: a TCP connection on port \d+ never succeeded/,
      );
      expect(pd.stderr()).toMatch(/last lines of api:\n.*api \| pid \d+ started/);
      for (const pid of pd.pids()) expect(isRunning(pid)).toBe(false);
      expect(await claimedBy('never')).toEqual([]);
    } finally {
      pd.killAll();
    }
  });

  it('exits 1 when one exits while starting, stops what already runs, never starts its dependents', async () => {
    const cwd = writeProject({
      project: 'crash',
      services: {
        db: { cmd: serverCmd() },
        api: { cmd: serverCmd('--exit-now', 3), needs: ['db'] },
        web: { cmd: serverCmd(), needs: ['api'] },
      },
    });
    const pd = startUp(daemon, cwd);
    try {
      expect(await pd.exited).toBe(1);
      expect(pd.stderr()).toMatch(/api failed: exited with code 3 before it was ready/);
      expect(pd.stderr()).toMatch(/api +\| fatal: cannot start/);
      expect(pd.stderr()).toMatch(/api did not become ready: stopping everything/);
      const states = pd.statuses();
      expect(states.some((s) => s.name === 'web' && s.state === 'starting')).toBe(false);
      expect(states.at(-1)).toBeDefined();
      expect(states.filter((s) => s.name === 'db').map((s) => s.state)).toContain('stopped');
      for (const pid of pd.pids()) expect(isRunning(pid)).toBe(false);
      expect(await claimedBy('crash')).toEqual([]);
    } finally {
      pd.killAll();
    }
  });
});
