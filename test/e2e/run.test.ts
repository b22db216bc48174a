import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, parseJson } from '../helpers/cli.js';
import { startDaemon, waitFor, type TestDaemon } from '../helpers/daemon.js';
import { exited, freeRange, isAlive, rangeEnv } from '../helpers/processes.js';

interface ClaimJson {
  identity: string;
  port: number;
  pid: number | null;
  alive: boolean | null;
  ttlMs: number | null;
}

interface EventJson {
  type: string;
  subject: string;
  at: string;
  data: { port?: number; pid?: number | null; reason?: string };
}

const PRINT_ENV =
  "for (const k of ['PORT', 'PORT_DADDY_IDENTITY', 'PORT_DADDY_URL']) console.log(k + '=' + process.env[k]); process.exit(7)";

// Writes `ready` with its pid, and on SIGTERM writes `marker` and exits 0. Gives up after 20 s
// so an orphan never outlives the test run.
const SERVER = `
const fs = require('node:fs');
const [ready, marker] = process.argv.slice(2);
process.on('SIGTERM', () => {
  fs.writeFileSync(marker, 'SIGTERM on port ' + process.env.PORT);
  process.exit(0);
});
fs.writeFileSync(ready, String(process.pid));
setTimeout(() => process.exit(9), 20000);
`;

describe('pd run', () => {
  let daemon: TestDaemon;
  let dir: string;
  let server: string;
  const spawned: ChildProcess[] = [];
  const orphans: number[] = [];

  beforeAll(async () => {
    daemon = await startDaemon({ env: rangeEnv(await freeRange(50)) });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-run-'));
    server = path.join(dir, 'server.cjs');
    fs.writeFileSync(server, SERVER);
  });
  afterAll(async () => {
    for (const child of spawned) child.kill('SIGKILL');
    for (const pid of orphans) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    await daemon?.stop();
    daemon?.cleanup();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function listed(identity: string): Promise<ClaimJson | undefined> {
    const result = await daemon.cli(['ports', identity, '--json']);
    expect(result.code, result.stderr).toBe(0);
    return parseJson<ClaimJson[]>(result).find((claim) => claim.identity === identity);
  }

  async function events(identity: string): Promise<EventJson[]> {
    const response = await fetch(`${daemon.url}/events?limit=1000`);
    const { events } = (await response.json()) as { events: EventJson[] };
    return events.filter((event) => event.subject === identity);
  }

  /** Starts `pd run <identity> -- node server.cjs ready marker` and waits until the child runs. */
  async function startServer(identity: string, options: string[] = []) {
    const ready = path.join(dir, `${identity.replace(/:/g, '_')}.ready`);
    const marker = path.join(dir, `${identity.replace(/:/g, '_')}.marker`);
    const run = spawn(
      process.execPath,
      [CLI, 'run', identity, ...options, '--', 'node', server, ready, marker],
      {
        env: { ...process.env, NO_COLOR: '1', ...daemon.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    spawned.push(run);
    let stderr = '';
    run.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const started = waitFor(() => {
      const text = fs.existsSync(ready) ? fs.readFileSync(ready, 'utf8') : '';
      return text === '' ? 0 : Number(text);
    }, 10_000);
    const failed = exited(run).then((code) => {
      throw new Error(`pd run exited (${code}) before the command started:\n${stderr}`);
    });
    const childPid: number = await Promise.race([started, failed]);
    failed.catch(() => undefined);
    orphans.push(childPid);
    return { run: run as ChildProcess & { pid: number }, childPid, marker, stderr: () => stderr };
  }

  it('exports PORT and PORT_DADDY_IDENTITY, propagates the exit code and releases', async () => {
    const port = Number((await daemon.cli(['claim', 'runenv:web', '-q'])).stdout);
    expect((await daemon.cli(['release', 'runenv:web'])).code).toBe(0);

    const result = await daemon.cli(['run', 'runenv:web', '--', 'node', '-e', PRINT_ENV]);
    expect(result.code).toBe(7);
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      `PORT=${port}`,
      'PORT_DADDY_IDENTITY=runenv:web',
      `PORT_DADDY_URL=${daemon.url}`,
    ]);
    expect(result.stderr).toBe(`pd: runenv:web on port ${port}\n`);

    expect(await listed('runenv:web')).toBeUndefined();
    const [, released] = await events('runenv:web').then((list) => list.slice(-2));
    expect(released).toMatchObject({
      type: 'claim.released',
      data: { port, reason: 'released' },
    });
    // And pd claim still agrees on the port afterwards.
    expect(Number((await daemon.cli(['claim', 'runenv:web', '-q'])).stdout)).toBe(port);
  });

  it('hands the normalised identity to the command', async () => {
    const result = await daemon.cli(['run', 'RunCase:Web', '--', 'node', '-e', PRINT_ENV]);
    expect(result.code).toBe(7);
    expect(result.stdout).toContain('PORT_DADDY_IDENTITY=runcase:web\n');
    expect(await listed('runcase:web')).toBeUndefined();
  });

  it('needs -- before a command with flags, and runs nothing without it', async () => {
    const result = await daemon.cli(['run', 'runbare:web', 'node', '-e', PRINT_ENV]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '-e'");
    expect(result.stdout).toBe('');
    expect(await listed('runbare:web')).toBeUndefined();
  });

  it('leaves a claim made before with pd claim as it was', async () => {
    const port = Number((await daemon.cli(['claim', 'runkept:web', '-q'])).stdout);
    const result = await daemon.cli(['run', 'runkept:web', '--', 'node', '-e', PRINT_ENV]);
    expect(result.code).toBe(7);
    expect(result.stdout).toContain(`PORT=${port}\n`);
    expect(await listed('runkept:web')).toMatchObject({ port, pid: null });
  });

  it('exits 0 when the command does', async () => {
    const result = await daemon.cli(['run', 'runok:web', '--', 'node', '-e', 'process.exit(0)']);
    expect(result.code).toBe(0);
    expect(await listed('runok:web')).toBeUndefined();
  });

  it('exits 127 with one clear line when the command is not found, and releases', async () => {
    const result = await daemon.cli(['run', 'runmissing:web', '--', 'pd-no-such-command-xyz']);
    expect(result.code).toBe(127);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('pd: command not found: pd-no-such-command-xyz');
    expect(await listed('runmissing:web')).toBeUndefined();
    expect((await events('runmissing:web')).at(-1)).toMatchObject({
      type: 'claim.released',
      data: { reason: 'released' },
    });
  });

  it('does not run the command when the port cannot be claimed', async () => {
    const port = Number((await daemon.cli(['claim', 'runholder:web', '-q'])).stdout);
    const marker = path.join(dir, 'must-not-exist');
    const result = await daemon.cli([
      'run',
      'runthief:web',
      '--port',
      String(port),
      '--',
      'node',
      '-e',
      `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran')`,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`port ${port} is claimed by runholder:web`);
    expect(fs.existsSync(marker)).toBe(false);
    expect(await listed('runholder:web')).toMatchObject({ port });
  });

  it('releases only its own identity, not claims below it', async () => {
    const child = Number((await daemon.cli(['claim', 'family:api', '-q'])).stdout);
    const result = await daemon.cli(['run', 'family', '--', 'node', '-e', 'process.exit(0)']);
    expect(result.code).toBe(0);
    expect(await listed('family')).toBeUndefined();
    // Someone else's claim under the same project must survive pd run's clean-up.
    expect(await listed('family:api')).toMatchObject({ port: child });
  });

  it('forwards SIGTERM to the command and releases the claim', async () => {
    const { run, childPid, marker, stderr } = await startServer('runterm:web');
    const claim = await listed('runterm:web');
    expect(claim).toMatchObject({ pid: run.pid, alive: true });

    run.kill('SIGTERM');
    expect(await exited(run)).toBe(0);
    expect(fs.readFileSync(marker, 'utf8')).toBe(`SIGTERM on port ${claim!.port}`);
    expect(isAlive(childPid)).toBe(false);
    expect(stderr()).toBe(`pd: runterm:web on port ${claim!.port}\n`);

    expect(await listed('runterm:web')).toBeUndefined();
    expect((await events('runterm:web')).at(-1)).toMatchObject({
      type: 'claim.released',
      data: { reason: 'released' },
    });
  });

  it('takes --ttl after the identity, as in pd run <identity> --ttl 10m -- <cmd>', async () => {
    const { run } = await startServer('runttl:web', ['--ttl', '10m']);
    expect(await listed('runttl:web')).toMatchObject({ pid: run.pid, ttlMs: 600_000 });
    run.kill('SIGTERM');
    expect(await exited(run)).toBe(0);
    expect(await listed('runttl:web')).toBeUndefined();
  });

  it('leaves a dead-pid claim when pd run is killed outright, which the daemon reaps within 2 s', async () => {
    const { run, childPid } = await startServer('runkill:web');
    const claim = await listed('runkill:web');
    expect(claim).toMatchObject({ pid: run.pid, alive: true });

    run.kill('SIGKILL');
    const killedAt = Date.now();
    expect(await exited(run)).toBe('SIGKILL');

    await waitFor(async () => (await listed('runkill:web')) === undefined, 2500, 25);
    expect(Date.now() - killedAt).toBeLessThan(2500);
    const released = (await events('runkill:web')).at(-1);
    expect(released).toMatchObject({
      type: 'claim.released',
      data: { port: claim!.port, pid: run.pid, reason: 'pid-dead' },
    });
    expect(Date.parse(released!.at) - killedAt).toBeLessThan(2000);

    // The command itself was not told (pd had no chance); end it here.
    expect(isAlive(childPid)).toBe(true);
    process.kill(childPid, 'SIGKILL');
  });
});
