import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post } from '../helpers/claims.js';
import { CLI } from '../helpers/cli.js';
import { startDaemon, stopDaemon, waitFor, type TestDaemon } from '../helpers/daemon.js';
import { connectSse } from '../helpers/sse.js';

interface Follower {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  lines(): string[];
}

/** Runs `pd sub ...` in the background and waits until it follows the channels. */
async function follow(daemon: TestDaemon, args: string[]): Promise<Follower> {
  const child = spawn(process.execPath, [CLI, 'sub', ...args], {
    env: { ...process.env, NO_COLOR: '1', ...daemon.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await waitFor(() => stderr.includes('following'), 10_000);
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    lines: () => stdout.split('\n').filter((line) => line !== ''),
  };
}

describe('pub/sub through the CLI', () => {
  let daemon: TestDaemon;
  const followers: ChildProcess[] = [];
  beforeAll(async () => {
    daemon = await startDaemon();
  });
  afterAll(async () => {
    for (const child of followers) child.kill();
    await stopDaemon(daemon);
  });

  it('pd pub prints the id; pd sub --once prints what is retained, text and JSON', async () => {
    const first = await daemon.cli(['pub', 'once:demo', 'hello there']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^\d+\n$/);
    const second = await daemon.cli([
      'pub',
      'once:demo',
      '{"build":42}',
      '--signal',
      'mayday',
      '--sender',
      'agent-a',
    ]);
    expect(Number(second.stdout)).toBeGreaterThan(Number(first.stdout));

    const human = await daemon.cli(['sub', 'once:demo', '--once']);
    expect(human.code, human.stderr).toBe(0);
    const lines = human.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^#\d+ \d\d:\d\d:\d\d once:demo hello there$/);
    expect(lines[1]).toContain('once:demo agent-a [MAYDAY] {"build":42}');

    const json = await daemon.cli(['sub', 'once:demo', '--once', '--json']);
    const messages = json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);
    expect(messages).toMatchObject([
      { id: Number(first.stdout), channel: 'once:demo', message: 'hello there', signal: null },
      { message: { build: 42 }, signal: 'mayday', sender: 'agent-a' },
    ]);

    const after = await daemon.cli(['sub', 'once:demo', '--once', '--since', first.stdout.trim()]);
    expect(after.stdout.trim().split('\n')).toHaveLength(1);
    const empty = await daemon.cli(['sub', 'once:nothing', '--once']);
    expect(empty).toMatchObject({ code: 0, stdout: '' });
  });

  it('a live pd sub prints a message published after it started', async () => {
    const sub = await follow(daemon, ['live:room']);
    followers.push(sub.child);
    expect(sub.stdout()).toBe('');
    const result = await daemon.cli(['pub', 'live:room', 'ping from another agent']);
    await waitFor(() => sub.stdout().includes('ping from another agent'), 10_000);
    expect(sub.lines()).toHaveLength(1);
    expect(sub.lines()[0]).toContain(`#${result.stdout.trim()}`);
    sub.child.kill();
  });

  it('follows patterns: a:* is one level, a:> is this level and everything below', async () => {
    const star = await follow(daemon, ['pat:*', '--json']);
    const tail = await follow(daemon, ['pat:>', '--json']);
    followers.push(star.child, tail.child);
    for (const channel of ['pat', 'pat:x', 'pat:x:y', 'other:x'])
      expect(
        (await post(daemon, `/channels/${channel}/messages`, { message: channel })).status,
      ).toBe(200);
    await waitFor(() => tail.lines().length === 3, 10_000);
    await waitFor(() => star.lines().length === 1, 10_000);
    const seen = (f: Follower) =>
      f.lines().map((line) => (JSON.parse(line) as { message: string }).message);
    expect(seen(star)).toEqual(['pat:x']);
    expect(seen(tail)).toEqual(['pat', 'pat:x', 'pat:x:y']);

    const once = await daemon.cli(['sub', 'pat:*', 'pat', '--once', '--json']);
    expect(
      once.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { message: string }).message),
    ).toEqual(['pat', 'pat:x']);
    star.child.kill();
    tail.child.kill();
  });

  it('one SSE connection follows several channels with ?channel=a&channel=b', async () => {
    const stream = connectSse(daemon.url, '/subscribe?channel=multi:a&channel=multi:b');
    expect(await stream.status).toBe(200);
    await waitFor(() => stream.frames.some((frame) => frame.event === 'ready'));
    for (const channel of ['multi:a', 'multi:c', 'multi:b'])
      await post(daemon, `/channels/${channel}/messages`, { message: channel });
    await waitFor(() => stream.frames.length === 3);
    expect(stream.frames.map((frame) => frame.data.message ?? frame.event)).toEqual([
      'ready',
      'multi:a',
      'multi:b',
    ]);
    expect(stream.frames.every((frame) => Number.isInteger(frame.id))).toBe(true);
    stream.close();
  });

  it("pd sub 'pd:>' shows a claim.created event after pd claim", async () => {
    const sub = await follow(daemon, ['pd:>', '--json']);
    followers.push(sub.child);
    expect((await daemon.cli(['claim', 'events:api', '-q'])).code).toBe(0);
    await waitFor(() => sub.stdout().includes('claim.created'), 10_000);
    const event = JSON.parse(sub.lines()[0]!) as {
      channel: string;
      message: Record<string, unknown>;
    };
    expect(event).toMatchObject({
      channel: 'pd:events',
      sender: 'port-daddy',
      message: { type: 'claim.created', subject: 'events:api' },
    });
    sub.child.kill();
  });

  it('refuses a bad signal or channel in the CLI with exit 2', async () => {
    const signal = await daemon.cli(['pub', 'x', 'y', '--signal', 'help']);
    expect(signal.code).toBe(2);
    expect(signal.stderr).toContain('mayday');
    const channel = await daemon.cli(['pub', 'bad channel', 'y']);
    expect(channel.code).toBe(2);
    expect(channel.stderr).toContain('invalid channel');
    const reserved = await daemon.cli(['pub', 'pd:events', 'fake']);
    expect(reserved.code).toBe(2);
    expect(reserved.stderr).toContain('reserved');
    const pattern = await daemon.cli(['sub', 'a:>:b', '--once']);
    expect(pattern.code).toBe(2);
  });
});
