import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../helpers/cli.js';
import { startRangeDaemon, stopDaemon, waitFor, type TestDaemon } from '../helpers/daemon.js';
import { makeRepo } from '../helpers/file-claims.js';
import { api } from '../helpers/locks.js';
import { spawnSleeper } from '../helpers/processes.js';
import { agentsIn, type BeginJson, type NoteJson, type SessionJson } from '../helpers/sessions.js';
import type { AgentJson } from '../helpers/agents.js';

interface CandidateJson {
  agent: AgentJson;
  session: SessionJson | null;
  files: { root: string; pattern: string }[];
}

interface ClaimedJson {
  from: AgentJson;
  session: SessionJson;
  previousSession: string;
  reclaimed: { pattern: string; agent: string; session: string }[];
  skipped: { pattern: string; holder: string | null; purpose: string | null }[];
}

// The issue promises release within 2 s of the pid's death.
const REAP_BUDGET_MS = 2000;

describe('salvage: a killed agent frees what it held and its work is taken over', () => {
  let daemon: TestDaemon;
  let repo: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    ({ daemon } = await startRangeDaemon(5));
    repo = makeRepo({ 'src/cart.ts': 'cart', 'src/pay.ts': 'pay', 'README.md': 'readme' });
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await stopDaemon(daemon);
    fs.rmSync(repo, { recursive: true, force: true });
  });

  const { as, ok } = agentsIn(
    () => daemon,
    () => repo,
  );
  const salvageList = async () =>
    parseJson<{ agents: CandidateJson[] }>(await ok('anyone', ['salvage', '--json'])).agents;

  it('kill -9: ports, locks and files free within 2 s, the session abandoned, salvage lists it', async () => {
    const sleeper = spawnSleeper();
    children.push(sleeper);
    const begun = parseJson<BeginJson>(
      await ok('crashy', [
        'begin',
        'rewrite the cart totals',
        '--identity',
        'shop:web',
        '--files',
        'src/cart.ts',
        '--pid',
        String(sleeper.pid),
        '--json',
      ]),
    );
    expect(begun.port?.identity).toBe('shop:web');
    await ok('crashy', ['note', 'totals drift by a cent: rounding in cart.ts']);
    await ok('crashy', ['note', 'next: use integer cents', '--type', 'handoff']);
    await ok('crashy', ['phase', 'in_progress']);
    await ok('crashy', ['lock', 'shop-db']);

    const killedAt = Date.now();
    sleeper.kill('SIGKILL');
    await waitFor(async () => {
      const [claims, locks, files] = await Promise.all([
        api<{ claims: unknown[] }>(daemon, 'GET', '/claims'),
        api<{ locks: unknown[] }>(daemon, 'GET', '/locks'),
        api<{ claims: unknown[] }>(daemon, 'GET', '/files'),
      ]);
      return (
        claims.body.claims.length === 0 &&
        locks.body.locks.length === 0 &&
        files.body.claims.length === 0
      );
    }, REAP_BUDGET_MS + 1000);
    expect(Date.now() - killedAt).toBeLessThan(REAP_BUDGET_MS);

    const session = (await api<SessionJson>(daemon, 'GET', `/sessions/${begun.session.id}`)).body;
    expect(session.phase).toBe('abandoned');

    const [candidate] = await salvageList();
    expect(candidate).toMatchObject({
      agent: { id: 'crashy', state: 'dead', endReason: 'pid-dead' },
      session: { id: begun.session.id, purpose: 'rewrite the cart totals', notes: 2 },
      files: [{ root: repo, pattern: 'src/cart.ts' }],
    });
    const table = await ok('anyone', ['salvage']);
    expect(table.stdout).toMatch(
      /^crashy\s+\d+s ago\s+pid-dead\s+ses-[0-9a-f]{12}\s+abandoned\s+2\s+rewrite the cart totals\s+src\/cart\.ts$/m,
    );
  });

  it('registering in the same project prints the dead-agent hint', async () => {
    const result = await ok('newcomer', ['agent', 'register', '--identity', 'shop:api']);
    expect(result.stderr).toContain('1 dead agent(s) in shop:*. Run: pd salvage --project shop');
  });

  it('salvage claim moves the session, its notes and its files to the caller', async () => {
    const result = await ok('rescuer', ['salvage', 'claim', 'crashy']);
    expect(result.stdout).toMatch(
      /^ses-[0-9a-f]{12} continues ses-[0-9a-f]{12} of crashy: rewrite the cart totals$/m,
    );
    expect(result.stdout).toContain('files claimed again: src/cart.ts\n');
    const session = parseJson<SessionJson[]>(await ok('rescuer', ['sessions', '--json']))[0]!;
    expect(session).toMatchObject({
      agent: 'rescuer',
      purpose: 'rewrite the cart totals',
      identity: 'shop:web',
      phase: 'in_progress',
      salvagedFrom: expect.stringMatching(/^ses-/),
    });

    const notes = parseJson<NoteJson[]>(
      await ok('rescuer', ['notes', '--session', session.id, '--json']),
    );
    expect(notes.map((note) => [note.agent, note.type, note.text.slice(0, 20)])).toEqual([
      ['crashy', 'progress', 'totals drift by a ce'],
      ['crashy', 'handoff', 'next: use integer ce'],
      ['rescuer', 'handoff', 'Salvaged by rescuer:'],
    ]);
    const files = (
      await api<{ claims: { pattern: string; agent: string }[] }>(daemon, 'GET', '/files')
    ).body.claims;
    expect(files).toEqual([expect.objectContaining({ pattern: 'src/cart.ts', agent: 'rescuer' })]);

    // The work continues under its purpose, visible in the briefing.
    const briefing = parseJson<{ sessions: SessionJson[]; salvage: unknown[] }>(
      await ok('anyone', ['briefing', '--project', 'shop', '--json']),
    );
    expect(briefing.sessions.map((s) => [s.agent, s.purpose])).toEqual([
      ['rescuer', 'rewrite the cart totals'],
    ]);
    expect(briefing.salvage).toEqual([]);
    expect(await salvageList()).toEqual([]);

    const again = await as('someone', ['salvage', 'claim', 'crashy']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^pd: cannot salvage crashy: its work was already claimed\n$/);
  });

  it('files another session holds now are listed as not claimed; dismiss lets work go', async () => {
    const sleeper = spawnSleeper();
    children.push(sleeper);
    await ok('second', [
      'begin',
      'pay with vouchers',
      '--files',
      'src/pay.ts',
      '--pid',
      String(sleeper.pid),
      '--project',
      'shop',
    ]);
    sleeper.kill('SIGKILL');
    await waitFor(async () => (await salvageList()).some((c) => c.agent.id === 'second'));
    await ok('squatter', ['begin', 'hotfix pay', '--files', 'src/pay.ts']);

    const claimed = parseJson<ClaimedJson>(
      await ok('heir', ['salvage', 'claim', 'second', '--json']),
    );
    expect(claimed.reclaimed).toEqual([]);
    expect(claimed.skipped).toEqual([
      expect.objectContaining({ pattern: 'src/pay.ts', holder: 'squatter', purpose: 'hotfix pay' }),
    ]);
    await ok('heir', ['done', 'nothing to do']);

    // A third dies with work; nobody wants it.
    const third = spawnSleeper();
    children.push(third);
    await ok('third', ['begin', 'try a new font', '--pid', String(third.pid), '--project', 'shop']);
    third.kill('SIGKILL');
    await waitFor(async () => (await salvageList()).some((c) => c.agent.id === 'third'));
    const dismissed = await ok('anyone', ['salvage', 'dismiss', 'third']);
    expect(dismissed.stdout).toBe('dismissed third: it no longer waits for salvage\n');
    expect(await salvageList()).toEqual([]);
  });

  it('refuses the live, the unknown, the caller itself and bad input', async () => {
    const live = await as('rescuer', ['salvage', 'claim', 'newcomer']);
    expect(live.code).toBe(1);
    expect(live.stderr).toContain('cannot salvage newcomer: it is alive');
    const unknown = await as('rescuer', ['salvage', 'claim', 'nobody']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('pd: no agent nobody\n');

    const cases: ['GET' | 'POST', string, unknown, string][] = [
      ['GET', '/salvage?project=no%20spaces', undefined, 'project'],
      ['GET', '/salvage?unknown=1', undefined, 'unknown'],
      ['POST', '/salvage/bad%20id/claim', { agent: 'x' }, 'agent'],
      ['POST', '/salvage/crashy/claim', {}, 'agent'],
      ['POST', '/salvage/crashy/claim', { agent: 'a b' }, 'agent'],
      ['POST', '/salvage/crashy/claim', { agent: 'x', extra: 1 }, 'extra'],
      ['POST', '/salvage/bad%20id/dismiss', undefined, 'agent'],
      ['GET', '/briefing?project=', undefined, 'project'],
      ['GET', '/look', undefined, 'since'],
      ['GET', '/look?since=-5', undefined, 'since'],
      ['GET', '/look?since=soon', undefined, 'since'],
      ['GET', '/changelog?limit=0', undefined, 'limit'],
      ['GET', '/changelog?limit=5000', undefined, 'limit'],
    ];
    for (const [method, url, body, field] of cases) {
      const answer = await api<{ error: { code: string; message: string } }>(
        daemon,
        method,
        url,
        body,
      );
      expect(answer.status, `${method} ${url}`).toBe(400);
      expect(answer.body.error.code).toBe('INVALID_INPUT');
      expect(answer.body.error.message, `${method} ${url}`).toContain(field);
    }
    const self = await api<{ error: { code: string } }>(daemon, 'POST', '/salvage/third/claim', {
      agent: 'third',
    });
    expect(self.status).toBe(400);
  });
});
