import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import {
  makeTempHome,
  startDaemon,
  stopDaemon,
  waitFor,
  type TestDaemon,
} from '../helpers/daemon.js';

interface EventLine {
  id: number;
  type: string;
  subject: string;
  at: string;
  data: Record<string, unknown>;
}

function parseLines(stdout: string): EventLine[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EventLine);
}

async function activityJson(daemon: TestDaemon, args: string[] = []): Promise<EventLine[]> {
  const result = await daemon.cli(['activity', '--json', ...args]);
  expect(result.code, result.stderr).toBe(0);
  return parseLines(result.stdout);
}

async function ok(daemon: TestDaemon, args: string[]): Promise<void> {
  const result = await daemon.cli(args);
  expect(result.code, `pd ${args.join(' ')}: ${result.stderr}`).toBe(0);
}

/** `pd activity --follow` as a child process, collecting what it prints. */
function followActivity(daemon: TestDaemon, args: string[] = []) {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'activity', '--follow', ...args], {
    env: { ...process.env, NO_COLOR: '1', ...daemon.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    output,
    lines: () => parseLines(output.stdout),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

describe('pd activity', () => {
  let daemon: TestDaemon;
  beforeAll(async () => {
    daemon = await startDaemon();
  });
  afterAll(() => stopDaemon(daemon));

  it('lists claims, releases, locks and unlocks in order, with their reasons', async () => {
    await ok(daemon, ['claim', 'act:web', '-q']);
    await ok(daemon, ['lock', 'act-build', '--owner', 'alice']);
    await ok(daemon, ['unlock', 'act-build', '--owner', 'alice']);
    await ok(daemon, ['lock', 'act-deploy', '--owner', 'alice']);
    await ok(daemon, ['unlock', 'act-deploy', '--owner', 'bob', '--force']);
    await ok(daemon, ['release', 'act:web']);

    const events = (await activityJson(daemon)).filter((event) => event.subject.startsWith('act'));
    expect(events.map((event) => [event.type, event.subject, event.data.reason])).toEqual([
      ['claim.created', 'act:web', undefined],
      ['lock.acquired', 'act-build', undefined],
      ['lock.released', 'act-build', 'released'],
      ['lock.acquired', 'act-deploy', undefined],
      ['lock.released', 'act-deploy', 'forced'],
      ['claim.released', 'act:web', 'released'],
    ]);
    const ids = events.map((event) => event.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(events[1]!.data).toMatchObject({ owner: 'alice' });
    expect(typeof events[0]!.data.port).toBe('number');
    expect(Number.isNaN(Date.parse(events[0]!.at))).toBe(false);

    const human = await daemon.cli(['activity']);
    expect(human.code).toBe(0);
    const lines = human.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `^#${ids.at(-1)} \\d\\d:\\d\\d:\\d\\d claim\\.released +act:web +port=\\d+ .*reason=released$`,
      ),
    );
    expect(lines.some((line) => /lock\.released +act-deploy .*reason=forced/.test(line))).toBe(
      true,
    );
  });

  it('--since, --limit and --type pick events', async () => {
    const all = await activityJson(daemon, ['--since', '0']);
    expect(all.length).toBeGreaterThanOrEqual(6);
    const middle = all[2]!.id;
    const after = await activityJson(daemon, ['--since', String(middle)]);
    expect(after.map((event) => event.id)).toEqual(
      all.filter((event) => event.id > middle).map((event) => event.id),
    );
    const two = await activityJson(daemon, ['--since', '0', '--limit', '2']);
    expect(two.map((event) => event.id)).toEqual(all.slice(0, 2).map((event) => event.id));
    const last = await activityJson(daemon, ['--limit', '1']);
    expect(last.map((event) => event.id)).toEqual([all.at(-1)!.id]);
    const released = await activityJson(daemon, ['--type', '*.released']);
    expect(released.length).toBeGreaterThan(0);
    expect(released.every((event) => event.type.endsWith('.released'))).toBe(true);
    const locks = await activityJson(daemon, ['--since', '0', '--type', 'lock.*']);
    expect(new Set(locks.map((event) => event.type))).toEqual(
      new Set(['lock.acquired', 'lock.released']),
    );
  });

  it('rejects a bad --since or --limit with exit 2', async () => {
    for (const args of [
      ['--since', 'abc'],
      ['--since', '-1'],
      ['--limit', '0'],
      ['--since', '1', '--limit', '1', '--follow'],
    ]) {
      const result = await daemon.cli(['activity', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
    }
  });

  it('--follow prints what happens after it started, once each', async () => {
    const before = await activityJson(daemon, ['--limit', '1']);
    const follower = followActivity(daemon, ['--json', '--limit', '1']);
    try {
      await waitFor(() => follower.lines().length === 1);
      expect(follower.lines()[0]!.id).toBe(before[0]!.id);
      await ok(daemon, ['lock', 'act-live', '--owner', 'carol']);
      await ok(daemon, ['unlock', 'act-live', '--owner', 'carol']);
      await waitFor(() => follower.lines().length === 3);
      // Anything printed twice would show up here, a moment later.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const lines = follower.lines();
      expect(lines.map((event) => [event.type, event.subject])).toEqual([
        [before[0]!.type, before[0]!.subject],
        ['lock.acquired', 'act-live'],
        ['lock.released', 'act-live'],
      ]);
      expect(new Set(lines.map((event) => event.id)).size).toBe(3);
    } finally {
      await follower.stop();
    }
  });

  it('--follow --since replays the backlog then goes live, with --type applied to both', async () => {
    const all = await activityJson(daemon, ['--since', '0']);
    const follower = followActivity(daemon, ['--json', '--since', '0', '--type', 'claim.*']);
    try {
      const claims = all.filter((event) => event.type.startsWith('claim.'));
      await waitFor(() => follower.lines().length === claims.length);
      await ok(daemon, ['lock', 'act-other', '--owner', 'dave']);
      await ok(daemon, ['claim', 'act:live', '-q']);
      await waitFor(() => follower.lines().length === claims.length + 1);
      const lines = follower.lines();
      expect(lines.at(-1)).toMatchObject({ type: 'claim.created', subject: 'act:live' });
      expect(lines.every((event) => event.type.startsWith('claim.'))).toBe(true);
    } finally {
      await follower.stop();
    }
  });
});

describe('pd activity --follow across a daemon restart', () => {
  const daemons: TestDaemon[] = [];
  afterEach(async () => {
    for (const daemon of daemons.splice(0)) await stopDaemon(daemon);
  });

  it('resumes from the log: events made while the daemon was away arrive once', async () => {
    const home = makeTempHome();
    const first = await startDaemon({ home });
    await ok(first, ['claim', 'restart:a', '-q']);
    const follower = followActivity(first, ['--json', '--since', '0']);
    try {
      await waitFor(() => follower.lines().length === 1);
      await first.stop();
      const second = await startDaemon({ home, port: first.port });
      daemons.push(second);
      await ok(second, ['claim', 'restart:b', '-q']);
      await waitFor(() => follower.lines().length === 2, 10_000);
      await ok(second, ['release', 'restart:a']);
      await waitFor(() => follower.lines().length === 3);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(follower.lines().map((event) => [event.type, event.subject])).toEqual([
        ['claim.created', 'restart:a'],
        ['claim.created', 'restart:b'],
        ['claim.released', 'restart:a'],
      ]);
    } finally {
      await follower.stop();
    }
  });
});
