import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { background } from '../helpers/channels.js';
import { parseJson } from '../helpers/cli.js';
import { startDaemon, stopDaemon, waitFor, type TestDaemon } from '../helpers/daemon.js';

interface MessageJson {
  id: number;
  channel: string;
  sender: string | null;
  message: unknown;
  replyTo: number | null;
}

describe('pd tube', () => {
  let daemon: TestDaemon;
  beforeAll(async () => {
    daemon = await startDaemon();
  });
  afterAll(() => stopDaemon(daemon));

  const send = async (channel: string, text: string, extra: string[] = []) => {
    const result = await daemon.cli(['tube', channel, '--send', ...extra], { input: text });
    expect(result.code, result.stderr).toBe(0);
    return Number(result.stdout.trim());
  };
  const tube = (args: string[]) => daemon.cli(['tube', ...args]);
  const cursorFile = (channel: string) =>
    path.join(daemon.home, 'tube', `${encodeURIComponent(channel)}.cursor`);

  it('blocks until one new message arrives, prints its body and exits', async () => {
    const waiting = await background(daemon, ['tube', 'chat'], 'waiting on chat');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(waiting.child.exitCode).toBeNull();
    const id = await send('chat', 'hello\n');
    expect(await waiting.exited).toBe(0);
    expect(waiting.stdout()).toBe('hello\n');
    expect(fs.readFileSync(cursorFile('chat'), 'utf8')).toBe(`${id}\n`);
  });

  it('a second run never repeats a message: the cursor moves past each one printed', async () => {
    expect(await tube(['chat', '--once'])).toMatchObject({ code: 0, stdout: '' });
    await send('chat', 'two');
    await send('chat', 'three');
    expect((await tube(['chat'])).stdout).toBe('two\n');
    expect((await tube(['chat'])).stdout).toBe('three\n');
    const next = await background(daemon, ['tube', 'chat'], 'waiting on chat');
    await send('chat', 'four');
    expect(await next.exited).toBe(0);
    expect(next.stdout()).toBe('four\n');
    expect((await tube(['chat', '--once'])).stdout).toBe('');
  });

  it('--once drains everything since the cursor, then nothing', async () => {
    for (const text of ['a', 'b', 'c']) await send('drain', text);
    const first = await tube(['drain', '--once']);
    expect(first).toMatchObject({ code: 0, stdout: 'a\nb\nc\n' });
    await send('drain', 'd');
    expect((await tube(['drain', '--once'])).stdout).toBe('d\n');
    expect((await tube(['drain', '--once'])).stdout).toBe('');
  });

  it('--send sends all of stdin as one message with its sender', async () => {
    const id = await send('multi', 'line one\nline two\n', ['--sender', 'agent-a']);
    const json = await tube(['multi', '--once', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      id,
      channel: 'multi',
      sender: 'agent-a',
      message: 'line one\nline two',
      replyTo: null,
    });
    const empty = await daemon.cli(['tube', 'multi', '--send'], { input: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('nothing on stdin');
  });

  it('--reply-to threads a reply to an earlier message', async () => {
    const question = await send('thread', 'ready to merge?');
    const reply = await daemon.cli(
      ['tube', 'thread', '--send', '--reply-to', String(question), '--json'],
      { input: 'yes' },
    );
    expect(reply.code, reply.stderr).toBe(0);
    expect(parseJson<MessageJson>(reply)).toMatchObject({ message: 'yes', replyTo: question });
    const lines = (await tube(['thread', '--once', '--json'])).stdout.trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as MessageJson).replyTo)).toEqual([
      null,
      question,
    ]);
    const dangling = await daemon.cli(['tube', 'thread', '--send', '--reply-to', '999999'], {
      input: 'to nothing',
    });
    expect(dangling.code).toBe(2);
    expect(dangling.stderr).toContain('replyTo');
  });

  it('--since overrides the cursor without moving it back', async () => {
    const ids = [await send('since', 'x'), await send('since', 'y'), await send('since', 'z')];
    expect((await tube(['since', '--once'])).stdout).toBe('x\ny\nz\n');
    expect((await tube(['since', '--once', '--since', String(ids[0])])).stdout).toBe('y\nz\n');
    expect((await tube(['since', '--since', String(ids[1])])).stdout).toBe('z\n');
    expect(fs.readFileSync(cursorFile('since'), 'utf8')).toBe(`${ids[2]}\n`);
    expect((await tube(['since', '--once'])).stdout).toBe('');
  });

  it('--no-history ignores the cursor: only messages published from now on', async () => {
    await send('fresh', 'old');
    expect((await tube(['fresh', '--once', '--no-history'])).stdout).toBe('');
    const waiting = await background(daemon, ['tube', 'fresh', '--no-history'], 'waiting on');
    await send('fresh', 'new');
    expect(await waiting.exited).toBe(0);
    expect(waiting.stdout()).toBe('new\n');
    // The message seen moves the cursor past the old one too.
    expect((await tube(['fresh', '--once'])).stdout).toBe('');
  });

  it('--json prints JSON lines, --raw id<TAB>sender<TAB>body with escapes', async () => {
    const id = await send('fmt', 'tab\there\nnext', ['--sender', 'bob']);
    const structured = await daemon.cli(['pub', 'fmt', '{"n":1}']);
    expect(structured.code).toBe(0);
    const raw = await tube(['fmt', '--once', '--raw', '--since', '0']);
    expect(raw.stdout).toBe(
      `${id}\tbob\ttab\\there\\nnext\n${structured.stdout.trim()}\t\t{"n":1}\n`,
    );
    const json = await tube(['fmt', '--once', '--json', '--since', '0']);
    const lines = json.stdout.trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as MessageJson).message)).toEqual([
      'tab\there\nnext',
      { n: 1 },
    ]);
  });

  it('--tail keeps following and prints each message', async () => {
    const tail = await background(daemon, ['tube', 'live', '--tail'], 'waiting on live');
    try {
      for (const text of ['one', 'two', 'three']) await send('live', text);
      await waitFor(() => tail.stdout() === 'one\ntwo\nthree\n');
      expect(tail.child.exitCode).toBeNull();
    } finally {
      tail.child.kill();
    }
  });

  it('refuses options that do not go together', async () => {
    for (const args of [
      ['x', '--json', '--raw'],
      ['x', '--reply-to', '1'],
      ['x', '--once', '--tail'],
      ['x', '--since', 'soon'],
    ]) {
      const result = await tube(args);
      expect(result.code, args.join(' ')).toBe(2);
    }
  });
});
