import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../helpers/cli.js';
import { startRangeDaemon, stopDaemon, type TestDaemon } from '../helpers/daemon.js';
import { makeRepo } from '../helpers/file-claims.js';
import { api } from '../helpers/locks.js';
import { agentsIn, type NoteJson, type SessionJson } from '../helpers/sessions.js';

interface BriefingJson {
  project: string | null;
  agents: { id: string }[];
  sessions: SessionJson[];
  phases: Record<string, number>;
  ports: { identity: string }[];
  files: { pattern: string; agent: string; purpose: string | null }[];
  locks: { name: string; owner: string }[];
  notes: NoteJson[];
  salvage: unknown[];
}

interface LookJson {
  line: string;
  counts: Record<string, number>;
  events: { type: string }[];
  notes: NoteJson[];
}

describe('pd briefing, pd say, pd look and pd changelog', () => {
  let daemon: TestDaemon;
  let repo: string;

  beforeAll(async () => {
    ({ daemon } = await startRangeDaemon(5));
    repo = makeRepo({ 'src/checkout.ts': 'checkout', 'docs/guide.md': 'guide' });
  });
  afterAll(async () => {
    await stopDaemon(daemon);
    fs.rmSync(repo, { recursive: true, force: true });
  });

  const { as, ok } = agentsIn(
    () => daemon,
    () => repo,
  );

  it('shows who does what, what they hold and what they said, on one page', async () => {
    await ok('alice', [
      'begin',
      'build the checkout',
      '--identity',
      'shop:web',
      '--files',
      'src/checkout.ts',
    ]);
    await ok('alice', ['note', 'card form done', '--type', 'finding']);
    await ok('alice', ['lock', 'shop-db']);
    await ok('bob', ['begin', 'write the guide', '--project', 'docs']);
    await ok('bob', ['phase', 'in_progress']);

    const page = (await ok('anyone', ['briefing'])).stdout;
    expect(page).toMatch(/^briefing: all projects, \d{4}-\d\d-\d\dT/);
    expect(page).toMatch(/^agents \(2\)$/m);
    expect(page).toMatch(/^ {2}alice\s+alive\s+shop:web\s+build the checkout\s+\ds ago$/m);
    expect(page).toMatch(/^sessions: 1 planning, 1 in_progress$/m);
    expect(page).toMatch(/^ports \(1\)\n {2}\d+\s+shop:web {2}alice$/m);
    expect(page).toContain('files (1)\n  src/checkout.ts  alice: build the checkout\n');
    expect(page).toMatch(/^locks \(1\)\n {2}shop-db {2}alice {2}token \d+ {2}\ds ago$/m);
    expect(page).toMatch(/^ {2}\d\d:\d\d:\d\d alice \[finding\] card form done$/m);
    expect(page).toMatch(/^awaiting salvage \(0\)$/m);

    const shop = parseJson<BriefingJson>(
      await ok('anyone', ['briefing', '--project', 'shop', '--json']),
    );
    expect(shop.project).toBe('shop');
    expect(shop.agents.map((agent) => agent.id)).toEqual(['alice']);
    expect(shop.sessions.map((session) => session.purpose)).toEqual(['build the checkout']);
    expect(shop.ports.map((claim) => claim.identity)).toEqual(['shop:web']);
    expect(shop.files).toEqual([
      expect.objectContaining({ pattern: 'src/checkout.ts', purpose: 'build the checkout' }),
    ]);
    expect(shop.locks.map((lock) => lock.name)).toEqual(['shop-db']);
    expect(shop.notes.map((note) => note.text)).toEqual(['card form done']);
  });

  it('pd say adds a pinned note and publishes it on a channel', async () => {
    const said = await ok('alice', [
      'say',
      'checkout API takes cents now',
      '--pin',
      '--broadcast',
      'shop-team',
      '--raw-channel',
    ]);
    expect(said.stdout).toMatch(
      /^note #\d+ \(progress, pinned\) added to ses-[0-9a-f]{12}\npublished as message \d+ on shop-team\n$/,
    );
    const { body } = await api<{ messages: { message: { text: string }; sender: string }[] }>(
      daemon,
      'GET',
      '/channels/shop-team/messages',
    );
    expect(body.messages).toEqual([
      expect.objectContaining({
        sender: 'alice',
        message: expect.objectContaining({ text: 'checkout API takes cents now' }),
      }),
    ]);
    const notes = parseJson<NoteJson[]>(await ok('alice', ['notes', '--json']));
    expect(notes.at(-1)).toMatchObject({ text: 'checkout API takes cents now', pinned: true });
    const page = (await ok('anyone', ['briefing', '--project', 'shop'])).stdout;
    expect(page).toMatch(/alice \[progress\] \* checkout API takes cents now$/m);
  });

  it('pd look sums up what changed, one line first; --line prints only that', async () => {
    const line = await ok('anyone', ['look', '--line']);
    expect(line.stdout).toBe(
      '30m: 2 sessions started, 2 notes, 1 file claimed, 2 agents joined, 1 lock taken, 1 port claimed; 2 agents live\n',
    );
    const sitrep = await ok('anyone', ['sitrep', '--since', '2h', '--line']);
    expect(sitrep.stdout).toMatch(/^2h: 2 sessions started/);

    const report = parseJson<LookJson>(await ok('anyone', ['look', '--since', '5', '--json']));
    expect(report.counts).toMatchObject({ sessionsStarted: 2, notes: 2, agentsJoined: 2 });
    expect(report.events.map((event) => event.type)).toContain('session.started');
    expect(report.notes.map((note) => note.text)).toEqual([
      'card form done',
      'checkout API takes cents now',
    ]);
    const full = (await ok('anyone', ['look'])).stdout;
    expect(full.split('\n')[0]).toBe(line.stdout.trimEnd());
    expect(full).toMatch(/^notes \(2\)$/m);

    const bad = await as('anyone', ['look', '--since', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('must be minutes (30) or a duration such as 90s, 2h or 1d');
  });

  it('pd changelog shows finished work by project, agent and session with summary and notes', async () => {
    expect((await ok('anyone', ['changelog'])).stdout).toBe('no finished or salvaged work yet\n');
    await ok('alice', ['done', 'checkout shipped behind a flag']);
    const log = (await ok('anyone', ['changelog'])).stdout;
    expect(log).toMatch(
      /^shop\n {2}alice\n {4}ses-[0-9a-f]{12} completed \ds ago: build the checkout\n {6}summary: checkout shipped behind a flag\n {6}\d\d:\d\d:\d\d alice \[finding\] card form done\n/,
    );
    const docs = parseJson<{ projects: unknown[] }>(
      await ok('anyone', ['changelog', '--project', 'docs', '--json']),
    );
    expect(docs.projects).toEqual([]);
  });

  it('needs a daemon: exit 3 when none answers and autostart is off', async () => {
    const result = await daemon.cli(['briefing'], {
      env: { PORT_DADDY_URL: 'http://127.0.0.1:9', PORT_DADDY_NO_AUTOSTART: '1' },
    });
    expect(result.code).toBe(3);
  });
});
