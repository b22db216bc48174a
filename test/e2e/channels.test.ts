import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../helpers/cli.js';
import { background, makeWorktrees, rawRequest, type Worktrees } from '../helpers/channels.js';
import { startDaemon, stopDaemon, waitFor, type TestDaemon } from '../helpers/daemon.js';

interface MessageJson {
  id: number;
  channel: string;
  message: unknown;
}

const FEATURE = /^chat@shop:feature\.login-[0-9a-f]{6}$/;

describe('declared channels across two git worktrees', () => {
  let daemon: TestDaemon;
  let git: Worktrees;
  const pd = (args: string[], cwd: string, input?: string) =>
    daemon.cli(args, { cwd, ...(input === undefined ? {} : { input }) });
  const retained = async (args: string[], cwd: string) => {
    const result = await pd(['sub', ...args, '--once', '--json'], cwd);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as MessageJson | { reset: unknown })
      .filter((line): line is MessageJson => !('reset' in line));
  };

  beforeAll(async () => {
    git = makeWorktrees();
    daemon = await startDaemon();
  });
  afterAll(async () => {
    await stopDaemon(daemon);
    fs.rmSync(git.root, { recursive: true, force: true });
  });

  it('ensure prints the physical channel of each worktree: repo and branch included', async () => {
    const main = await pd(['channels', 'ensure', 'chat', '--scope', 'branch', '--json'], git.main);
    expect(main.code, main.stderr).toBe(0);
    expect(parseJson(main)).toMatchObject({
      name: 'chat',
      scope: 'branch',
      aliases: [],
      channel: 'chat@shop:main',
    });
    const feature = await pd(['channels', 'ensure', 'chat', '--scope', 'branch'], git.feature);
    expect(feature.code, feature.stderr).toBe(0);
    expect(feature.stdout).toMatch(/^chat \[branch\] -> chat@shop:feature\.login-[0-9a-f]{6}\n$/);
  });

  it('the same branch-scoped name lands on different channels; a sub in one sees only its own', async () => {
    const live = await background(daemon, ['sub', 'chat', '--json'], 'following', git.main);
    try {
      expect(live.stderr()).toContain('following chat@shop:main');
      expect((await pd(['pub', 'chat', 'from feature'], git.feature)).code).toBe(0);
      expect((await pd(['pub', 'chat', 'from main'], git.main)).code).toBe(0);
      await waitFor(() => live.stdout().includes('from main'));
      expect(live.stdout()).not.toContain('from feature');
    } finally {
      live.child.kill();
    }
    const onMain = await retained(['chat'], git.main);
    const onFeature = await retained(['chat'], git.feature);
    expect(onMain.map((m) => [m.channel, m.message])).toEqual([['chat@shop:main', 'from main']]);
    expect(onFeature).toHaveLength(1);
    expect(onFeature[0]!.channel).toMatch(FEATURE);
    expect(onFeature[0]!.message).toBe('from feature');
  });

  it('a repo-scoped name is one channel shared by every worktree', async () => {
    const ensured = await pd(['channels', 'ensure', 'builds', '--scope', 'repo'], git.feature);
    expect(ensured.stdout).toContain('-> builds@shop');
    await pd(['pub', 'builds', 'one'], git.main);
    await pd(['pub', 'builds', 'two'], git.feature);
    for (const cwd of [git.main, git.feature]) {
      const messages = await retained(['builds'], cwd);
      expect(messages.map((m) => [m.channel, m.message])).toEqual([
        ['builds@shop', 'one'],
        ['builds@shop', 'two'],
      ]);
    }
  });

  it('aliases resolve to the declared channel; a name taken by another is 409', async () => {
    const ensured = await pd(
      ['channels', 'ensure', 'chat', '--scope', 'branch', '--aliases', 'talk,review'],
      git.main,
    );
    expect(ensured.stdout).toContain('(aliases: review, talk)');
    await pd(['pub', 'talk', 'via alias'], git.main);
    const messages = await retained(['chat'], git.main);
    expect(messages.at(-1)).toMatchObject({ channel: 'chat@shop:main', message: 'via alias' });
    const taken = await pd(
      ['channels', 'ensure', 'builds', '--scope', 'repo', '--aliases', 'talk', '--json'],
      git.main,
    );
    expect(taken.code).toBe(1);
    expect(parseJson(taken)).toMatchObject({
      error: { code: 'CHANNEL_NAME_TAKEN', details: { holder: 'chat' } },
    });
  });

  it('--raw-channel uses the name as given, on pub, sub and clear', async () => {
    const raw = await pd(['pub', 'chat', 'raw one', '--raw-channel'], git.main);
    expect(raw.code, raw.stderr).toBe(0);
    const plain = await retained(['chat', '--raw-channel'], git.main);
    expect(plain.map((m) => [m.channel, m.message])).toEqual([['chat', 'raw one']]);
    expect((await retained(['chat'], git.main)).map((m) => m.message)).not.toContain('raw one');
    const cleared = await pd(['channels', 'clear', 'chat', '--raw-channel', '--json'], git.main);
    expect(parseJson(cleared)).toEqual({ channel: 'chat', removed: 1 });
  });

  it('pd tube resolves declared names too, with a cursor per physical channel', async () => {
    const sent = await pd(['tube', 'chat', '--send'], git.feature, 'tube from feature');
    expect(sent.code, sent.stderr).toBe(0);
    const onMain = await pd(['tube', 'chat', '--once'], git.main);
    expect(onMain.stdout).not.toContain('tube from feature');
    const onFeature = await pd(['tube', 'chat', '--once', '--json'], git.feature);
    const lines = onFeature.stdout.trim().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ message: 'tube from feature' });
    expect((JSON.parse(lines.at(-1)!) as MessageJson).channel).toMatch(FEATURE);
    const cursors = fs.readdirSync(`${daemon.home}/tube`);
    expect(cursors.some((file) => file.startsWith('chat%40shop%3Afeature.login-'))).toBe(true);
    expect(cursors).toContain('chat%40shop%3Amain.cursor');
  });

  it('a repo- or branch-scoped name outside a git work tree is a usage error', async () => {
    const result = await pd(['pub', 'chat', 'lost'], git.outside);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('branch-scoped');
    expect(result.stderr).toContain('--raw-channel');
    const global = await pd(['channels', 'ensure', 'lobby', '--scope', 'global'], git.outside);
    expect(global.stdout).toContain('lobby [global] -> lobby\n');
    expect((await pd(['pub', 'lobby', 'hi'], git.outside)).code).toBe(0);
  });

  it('discover lists declarations and channels by prefix; clear empties one channel', async () => {
    const found = await pd(['channels', 'discover', 'b', '--json'], git.main);
    expect(parseJson(found)).toEqual({
      declared: [expect.objectContaining({ name: 'builds', scope: 'repo', aliases: [] })],
      channels: [expect.objectContaining({ name: 'builds@shop', retained: 2 })],
    });
    const byAlias = parseJson<{ declared: { name: string }[] }>(
      await pd(['channels', 'discover', 'rev', '--json'], git.main),
    );
    expect(byAlias.declared.map((d) => d.name)).toEqual(['chat']);
    const table = await pd(['channels', 'discover'], git.main);
    expect(table.stdout).toMatch(/chat\s+branch\s+review,talk/);
    expect(table.stdout).toMatch(/chat@shop:main\s+2\s+\d+/);

    const cleared = await pd(['channels', 'clear', 'chat'], git.feature);
    expect(cleared.stdout).toMatch(/^cleared 2 message\(s\) from chat@shop:feature\.login-/);
    expect(await retained(['chat'], git.feature)).toEqual([]);
    expect(await retained(['chat'], git.main)).toHaveLength(2);
    const poll = await rawRequest(daemon, 'GET', '/channels/builds@shop/messages');
    expect(poll.body.messages).toHaveLength(2);
    await pd(['channels', 'clear', 'builds'], git.main);
    const after = await rawRequest(daemon, 'GET', '/channels/builds@shop/messages?since=0');
    expect(after.body).toMatchObject({ messages: [], resets: [{ missed: 2 }] });
  });
});

describe('declared-channel routes refuse malformed input with 400', () => {
  let daemon: TestDaemon;
  beforeAll(async () => {
    daemon = await startDaemon();
  });
  afterAll(() => stopDaemon(daemon));

  it.each([
    ['malformed JSON', '{"name":', 'JSON'],
    ['no scope', '{"name":"a"}', 'scope'],
    ['an unknown scope', '{"name":"a","scope":"team"}', 'scope'],
    ['no name', '{"scope":"global"}', 'name'],
    ["a name with '@'", '{"name":"a@b","scope":"repo"}', 'name'],
    ['a pattern as name', '{"name":"a:*","scope":"repo"}', 'name'],
    ['a reserved name', '{"name":"pd:x","scope":"global"}', 'reserved'],
    ['a long last segment', `{"name":"${'x'.repeat(33)}","scope":"repo"}`, '32'],
    ['aliases as text', '{"name":"a","scope":"repo","aliases":"b"}', 'aliases'],
    ['a bad alias', '{"name":"a","scope":"repo","aliases":["b c"]}', 'aliases'],
    ['the name as its own alias', '{"name":"a","scope":"repo","aliases":["a"]}', 'aliases'],
    ['an unknown field', '{"name":"a","scope":"repo","colour":1}', 'colour'],
    ['an array body', '[]', 'expected object'],
  ])('POST /declared-channels with %s', async (_what, body, text) => {
    const answer = await rawRequest(daemon, 'POST', '/declared-channels', body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body.error?.message).toContain(text);
  });

  it.each([
    ['GET', '/declared-channels?prefix=', 'prefix'],
    ['GET', '/declared-channels?colour=red', 'colour'],
    ['GET', '/declared-channels/a::b', 'name'],
    ['GET', `/declared-channels/${'y'.repeat(101)}`, 'name'],
    ['DELETE', '/channels/a::b/messages', 'channel'],
    ['DELETE', '/channels/a:*/messages', 'channel'],
    ['DELETE', '/channels/pd:events/messages', 'pd:events'],
    ['POST', '/channels/ok/messages', 'replyTo', '{"message":"x","replyTo":0}'],
    ['POST', '/channels/ok/messages', 'replyTo', '{"message":"x","replyTo":"1"}'],
    ['POST', '/channels/ok/messages', 'replyTo', '{"message":"x","replyTo":424242}'],
  ])('%s %s', async (method, path, text, body?: string) => {
    const answer = await rawRequest(daemon, method, path, body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body.error?.code).toBe('INVALID_INPUT');
    expect(answer.body.error?.message).toContain(text);
  });

  it('an undeclared name is 404; the daemon stored nothing and stays up', async () => {
    const answer = await rawRequest(daemon, 'GET', '/declared-channels/nobody');
    expect(answer.status).toBe(404);
    const found = await rawRequest(daemon, 'GET', '/declared-channels');
    expect(found.body.declared).toEqual([]);
    expect((found.body.channels as { name: string }[]).map((c) => c.name)).not.toContain('ok');
  });
});
