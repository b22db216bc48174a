import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  makeTempHome,
  startDaemon,
  stopDaemon,
  waitFor,
  type TestDaemon,
} from '../helpers/daemon.js';
import {
  inboxJson,
  listOverHttp,
  sendOverHttp,
  textsOf,
  type InboxMessageJson,
} from '../helpers/inbox.js';
import { api, startCli } from '../helpers/locks.js';
import { connectSse } from '../helpers/sse.js';

const streamTexts = (frames: { event: string; data: Record<string, unknown> }[]) =>
  frames.filter((frame) => frame.event === 'message').map((frame) => frame.data.text);

describe('pd inbox', () => {
  let daemon: TestDaemon;
  beforeAll(async () => {
    daemon = await startDaemon();
  });
  afterAll(() => stopDaemon(daemon));

  it('sends, then lists the message unread; listing never marks it read', async () => {
    const sent = await daemon.cli(['inbox', 'send', 'bob', 'hello bob', '--sender', 'alice']);
    expect(sent.code, sent.stderr).toBe(0);
    const id = Number(sent.stdout.trim());
    expect(id).toBeGreaterThan(0);

    for (let i = 0; i < 2; i++) {
      const listing = await inboxJson(daemon, ['--agent', 'bob']);
      expect(listing).toMatchObject({ agent: 'bob', total: 1, unread: 1, dropped: 0 });
      expect(listing.messages).toEqual([
        expect.objectContaining({ id, sender: 'alice', text: 'hello bob', readAt: null }),
      ]);
    }
    // The human listing and $PORT_DADDY_AGENT as the default agent: still unread after it.
    const table = await daemon.cli(['inbox'], { env: { PORT_DADDY_AGENT: 'bob' } });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(
      new RegExp(`^${id}\\s+alice\\s+\\S+\\s+unread\\s+hello bob$`, 'm'),
    );
    expect(table.stdout).toContain('1 message(s), 1 unread');
    expect((await listOverHttp(daemon, 'bob', '?unread=true')).unread).toBe(1);
  });

  it('marks read only with `read <id>` and `read --all`; --unread filters', async () => {
    const sent: InboxMessageJson[] = [];
    for (const text of ['one', 'two', 'three'])
      sent.push(await sendOverHttp(daemon, 'carol', text));

    const read = await daemon.cli(['inbox', 'read', String(sent[1]!.id), '--agent', 'carol']);
    expect(read.code, read.stderr).toBe(0);
    expect(read.stdout).toMatch(new RegExp(`^#${sent[1]!.id}, \\S+ ago\\ntwo\\n$`));

    const unread = await inboxJson(daemon, ['--agent', 'carol', '--unread']);
    expect(textsOf(unread.messages)).toEqual(['one', 'three']);
    expect(unread).toMatchObject({ total: 3, unread: 2 });
    const all = await inboxJson(daemon, ['--agent', 'carol']);
    expect(all.messages.map((message) => message.readAt !== null)).toEqual([false, true, false]);

    const rest = await inboxJson<{ messages: InboxMessageJson[]; marked: number }>(daemon, [
      'read',
      '--all',
      '--agent',
      'carol',
    ]);
    expect(rest.marked).toBe(2);
    expect(textsOf(rest.messages)).toEqual(['one', 'three']);
    expect((await inboxJson(daemon, ['--agent', 'carol', '--unread'])).messages).toEqual([]);
    const again = await daemon.cli(['inbox', 'read', '--all', '--agent', 'carol']);
    expect(again.stdout).toBe('no unread messages for carol\n');
    // Each read that marked something is in the activity log, without the text.
    const events = await api<{ events: { type: string; subject: string; data: object }[] }>(
      daemon,
      'GET',
      '/events?limit=1000',
    );
    const reads = events.body.events.filter(
      (e) => e.type === 'inbox.read' && e.subject === 'carol',
    );
    expect(reads.map((e) => e.data)).toEqual([
      { count: 1, ids: [sent[1]!.id] },
      { count: 2, ids: [sent[0]!.id, sent[2]!.id] },
    ]);
  });

  it('refuses to read an id from another inbox, and marks nothing', async () => {
    const mine = await sendOverHttp(daemon, 'dave', 'mine');
    const theirs = await sendOverHttp(daemon, 'erin', 'theirs');
    const result = await daemon.cli([
      'inbox',
      'read',
      `${mine.id}`,
      `${theirs.id}`,
      '--agent',
      'dave',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`pd: no message #${theirs.id} in the inbox of dave\n`);
    expect((await listOverHttp(daemon, 'dave')).unread).toBe(1);
  });

  it('watch prints a message sent after it started, live, and marks nothing read', async () => {
    const watch = startCli(daemon, ['inbox', 'watch', '--agent', 'watcher']);
    try {
      await waitFor(() => watch.stderr().includes('pd: watching the inbox of watcher after #'));
      await sendOverHttp(daemon, 'someone-else', 'not for the watcher');
      const sent = await daemon.cli(['inbox', 'send', 'watcher', 'live one', '--sender', 'tester']);
      expect(sent.code, sent.stderr).toBe(0);
      await waitFor(() => watch.stdout().includes('tester: live one'));
      expect(watch.stdout()).toMatch(
        new RegExp(`^#${sent.stdout.trim()} \\d\\d:\\d\\d:\\d\\d tester: live one\\n$`),
      );
      expect((await listOverHttp(daemon, 'watcher')).unread).toBe(1);
    } finally {
      watch.child.kill('SIGTERM');
      await watch.closed;
    }
  });

  it('watch resumes by Last-Event-ID (HTTP) and --since (CLI): nothing lost, nothing twice', async () => {
    const stream = connectSse(daemon.url, '/inboxes/resume/stream?since=0');
    for (const text of ['a', 'b']) await sendOverHttp(daemon, 'resume', text);
    await waitFor(() => streamTexts(stream.frames).length === 2);
    stream.close();
    const last = stream.frames.at(-1)!;
    expect(last.event).toBe('message');

    for (const text of ['c', 'd']) await sendOverHttp(daemon, 'resume', text);
    const again = connectSse(daemon.url, '/inboxes/resume/stream', {
      'last-event-id': String(last.id),
    });
    await waitFor(() => streamTexts(again.frames).length === 2);
    await sendOverHttp(daemon, 'resume', 'e');
    await waitFor(() => streamTexts(again.frames).length === 3);
    again.close();
    expect([...streamTexts(stream.frames), ...streamTexts(again.frames)]).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
    ]);
    const ids = [...stream.frames, ...again.frames]
      .filter((f) => f.event === 'message')
      .map((f) => f.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    const cli = startCli(daemon, [
      'inbox',
      'watch',
      '--agent',
      'resume',
      '--since',
      String(last.id),
      '--json',
    ]);
    try {
      await waitFor(() => cli.stdout().split('\n').length > 3);
      const lines = cli
        .stdout()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as InboxMessageJson);
      expect(textsOf(lines)).toEqual(['c', 'd', 'e']);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.closed;
    }
  });

  it('keeps the last 1000 messages per agent and says how many it dropped', async () => {
    for (let i = 0; i < 3; i++) await sendOverHttp(daemon, 'retained', `oldest-${i}`);
    for (let start = 0; start < 1000; start += 50)
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => sendOverHttp(daemon, 'retained', `bulk-${start + i}`)),
      );
    await sendOverHttp(daemon, 'retained-other', 'kept');
    const listing = await inboxJson(daemon, ['--agent', 'retained']);
    expect(listing).toMatchObject({ total: 1000, unread: 1000, dropped: 3 });
    const texts = textsOf(listing.messages);
    expect(texts.filter((text) => text.startsWith('oldest-'))).toEqual([]);
    expect(new Set(texts).size).toBe(1000);
    expect(await listOverHttp(daemon, 'retained-other')).toMatchObject({ total: 1, dropped: 0 });
  });
});

describe('pd inbox watch across a daemon restart', () => {
  let daemon: TestDaemon | undefined;
  afterAll(() => stopDaemon(daemon));

  it('reconnects from its last id and prints what was sent after the restart, once', async () => {
    const home = makeTempHome();
    const port = await freePort();
    daemon = await startDaemon({ home, port });
    const watch = startCli(daemon, ['inbox', 'watch', '--agent', 'phoenix']);
    try {
      await waitFor(() => watch.stderr().includes('watching the inbox of phoenix'));
      await sendOverHttp(daemon, 'phoenix', 'before');
      await waitFor(() => watch.stdout().includes('before'));
      await daemon.stop();
      daemon = await startDaemon({ home, port });
      await waitFor(() => watch.stderr().includes('pd: resumed after #'), 10_000);
      await sendOverHttp(daemon, 'phoenix', 'after');
      await waitFor(() => watch.stdout().includes('after'));
      expect(
        watch
          .stdout()
          .trim()
          .split('\n')
          .map((line) => line.split(' ').at(-1)),
      ).toEqual(['before', 'after']);
    } finally {
      watch.child.kill('SIGTERM');
      await watch.closed;
    }
  });
});
