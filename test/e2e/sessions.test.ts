import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../helpers/cli.js';
import { startDaemon, stopDaemon, waitFor, type TestDaemon } from '../helpers/daemon.js';
import { git, makeRepo } from '../helpers/file-claims.js';
import { api } from '../helpers/locks.js';
import {
  NO_AGENT,
  type BeginJson,
  type NoteJson,
  type SessionChangeJson,
  type SessionJson,
} from '../helpers/sessions.js';

describe('pd begin, note, phase, notes, sessions, done', () => {
  let daemon: TestDaemon;
  let repo: string;

  beforeAll(async () => {
    daemon = await startDaemon();
    repo = makeRepo({ 'src/login.ts': 'login', 'src/util.ts': 'util', 'README.md': 'readme' });
  });
  afterAll(async () => {
    await stopDaemon(daemon);
    fs.rmSync(repo, { recursive: true, force: true });
  });

  // No --agent and no PORT_DADDY_AGENT: the worktree's context file is the only source.
  const pd = (args: string[], cwd = repo, env: NodeJS.ProcessEnv = NO_AGENT) =>
    daemon.cli(args, { cwd, env });
  const held = async () => ({
    ports: (await api<{ claims: { identity: string }[] }>(daemon, 'GET', '/claims')).body.claims,
    locks: (await api<{ locks: { name: string }[] }>(daemon, 'GET', '/locks')).body.locks,
    files: (await api<{ claims: { pattern: string }[] }>(daemon, 'GET', '/files')).body.claims,
  });

  it('begin -> note -> phase -> done releases the port, locks and files and keeps the notes', async () => {
    const begun = await pd([
      'begin',
      'fix the login redirect',
      '--identity',
      'shop:api',
      '--files',
      'src/login.ts',
    ]);
    expect(begun.code, begun.stderr).toBe(0);
    const [, session, agent] =
      /^session (ses-[0-9a-f]{12}) \(planning\) for (agent-[0-9a-f]{6}): fix the login redirect$/m.exec(
        begun.stdout,
      ) ?? [];
    expect(session, begun.stdout).toBeDefined();
    expect(begun.stdout).toMatch(/^port \d+ for shop:api$/m);
    expect(begun.stdout).toContain('files claimed: src/login.ts\n');
    expect(begun.stdout.endsWith(`export PORT_DADDY_AGENT=${agent}\n`)).toBe(true);

    // The context is written at the git root and git-ignored without touching tracked files.
    const context = JSON.parse(fs.readFileSync(path.join(repo, '.portdaddy/session.json'), 'utf8'));
    expect(context).toMatchObject({ agent, session, url: daemon.url });
    expect(fs.readFileSync(path.join(repo, '.git/info/exclude'), 'utf8')).toMatch(
      /^\.portdaddy\/$/m,
    );
    expect(git(repo, ['status', '--porcelain'])).not.toContain('.portdaddy');

    // From a subfolder of the same worktree, with no agent given anywhere.
    const noted = await pd(
      ['note', 'cookie path is /api', '--type', 'finding'],
      path.join(repo, 'src'),
    );
    expect(noted.code, noted.stderr).toBe(0);
    expect(noted.stdout).toMatch(new RegExp(`^note #\\d+ \\(finding\\) added to ${session}\\n$`));
    expect((await pd(['lock', 'shop-deploy'])).code).toBe(0);
    for (const phase of ['in_progress', 'testing', 'in_progress']) {
      const moved = await pd(['phase', phase]);
      expect(moved.stdout).toBe(`session ${session} is ${phase}\n`);
    }

    const listed = parseJson<SessionJson[]>(await pd(['sessions', '--json']));
    expect(listed).toEqual([
      expect.objectContaining({
        id: session,
        agent,
        project: 'shop',
        phase: 'in_progress',
        notes: 1,
      }),
    ]);
    const before = await held();
    expect(before.ports.map((claim) => claim.identity)).toEqual(['shop:api']);
    expect(before.locks.map((lock) => lock.name)).toEqual(['shop-deploy']);
    expect(before.files.map((claim) => claim.pattern)).toEqual(['src/login.ts']);

    const done = await pd(['done', 'redirect fixed']);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toBe(
      `session ${session} completed; released 1 file claim(s), 1 lock(s), port of shop:api; notes kept\n`,
    );
    expect(fs.existsSync(path.join(repo, '.portdaddy/session.json'))).toBe(false);
    expect(await held()).toEqual({ ports: [], locks: [], files: [] });

    const notes = parseJson<NoteJson[]>(await pd(['notes', '--session', session!, '--json']));
    expect(notes).toEqual([
      expect.objectContaining({ session, agent, type: 'finding', text: 'cookie path is /api' }),
    ]);
    const ended = parseJson<SessionJson[]>(await pd(['sessions', '--all', '--json']));
    expect(ended.find((s) => s.id === session)).toMatchObject({
      phase: 'completed',
      summary: 'redirect fixed',
      notes: 1,
    });
    expect((await pd(['sessions'])).stdout).toBe('no open sessions (pd sessions --all)\n');
  });

  it('refuses to leave an ended session: exit 1 with the 409 message', async () => {
    const id = (await pd(['begin', 'short one', '--agent', 'carol', '-q'])).stdout.trim();
    expect(id).toMatch(/^ses-[0-9a-f]{12}$/);
    expect((await pd(['phase', 'completed'])).stdout).toBe(
      `session ${id} completed; released 0 file claim(s), 0 lock(s); notes kept\n`,
    );
    const illegal = await pd(['phase', 'testing', '--session', id, '--json']);
    expect(illegal.code).toBe(1);
    expect(illegal.stderr).toBe(
      `pd: session ${id} is completed: it cannot move to testing; start a new one with "pd begin"\n`,
    );
    expect(JSON.parse(illegal.stdout).error).toMatchObject({
      code: 'ILLEGAL_PHASE',
      details: { from: 'completed', to: 'testing' },
    });
    const noteAfter = await pd(['note', 'late', '--session', id]);
    expect(noteAfter.code).toBe(1);
    expect(noteAfter.stderr).toBe(`pd: session ${id} is completed: notes go to an open session\n`);
    const badPhase = await pd(['phase', 'shipping']);
    expect(badPhase.code).toBe(2);
  });

  it('answers SESSION_ACTIVE naming the open session when an agent begins twice', async () => {
    const first = parseJson<BeginJson>(
      await pd(['begin', 'first task', '--agent', 'bob', '--json']),
    );
    const second = await pd(['begin', 'second task', '--agent', 'bob', '--json']);
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(
      `pd: agent bob already has an open session ${first.session.id} (planning): "first task"; finish it with "pd done" or "pd phase abandoned"\n`,
    );
    expect(JSON.parse(second.stdout).error).toMatchObject({
      code: 'SESSION_ACTIVE',
      details: { session: { id: first.session.id, agentId: 'bob' } },
    });
    // The agent's open session is found without the worktree's context too.
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-nogit-'));
    try {
      const noted = await pd(['note', 'from afar'], elsewhere, { PORT_DADDY_AGENT: 'bob' });
      expect(noted.stdout).toContain(`added to ${first.session.id}`);
      const nobody = await pd(['note', 'who am I'], elsewhere);
      expect(nobody.code).toBe(1);
      expect(nobody.stderr).toBe(
        'pd: no session here: run pd begin "<purpose>" first, or pass --agent <id> or --session <id>\n',
      );
      const idle = await pd(['done', 'nothing'], elsewhere, { PORT_DADDY_AGENT: 'nobody' });
      expect(idle.stderr).toBe(
        'pd: agent nobody has no open session: run pd begin "<purpose>" first\n',
      );
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
    const change = parseJson<SessionChangeJson>(
      await pd(['done', 'ok', '--agent', 'bob', '--json']),
    );
    expect(change.released).toEqual({ files: 0, locks: [], ports: [] });
  });

  it('abandons the session of an agent that dies, keeping its notes, and hints at salvage', async () => {
    const ghost = await pd([
      'begin',
      'ghost work',
      '--agent',
      'ghost',
      '--project',
      'haunt',
      '--timeout',
      '1s',
      '-q',
    ]);
    expect(ghost.code, ghost.stderr).toBe(0);
    const id = ghost.stdout.trim();
    await pd(['note', 'half way there', '--agent', 'ghost']);
    const abandoned = await waitFor(async () => {
      const { body } = await api<SessionJson>(daemon, 'GET', `/sessions/${id}`);
      return body.phase === 'abandoned' ? body : undefined;
    }, 5000);
    expect(abandoned).toMatchObject({ notes: 1, endedAt: expect.any(String) });

    const next = await pd([
      'begin',
      'living work',
      '--agent',
      'alive',
      '--identity',
      'haunt:web',
      '--json',
    ]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toBe('1 dead agent(s) in haunt:*. Run: pd salvage --project haunt\n');
    expect(parseJson<BeginJson>(next).deadInProject.map((agent) => agent.id)).toEqual(['ghost']);
    const notes = parseJson<NoteJson[]>(await pd(['notes', '--project', 'haunt', '--json']));
    expect(notes.map((note) => note.text)).toEqual(['half way there']);
  });

  it('claims nothing when the files conflict: no session, no port, no agent change', async () => {
    await pd(['files', 'claim', 'src/util.ts'], repo, { PORT_DADDY_AGENT: 'holder' });
    const refused = await pd([
      'begin',
      'touch util',
      '--agent',
      'dave',
      '--identity',
      'shop:worker',
      '--files',
      'src/**',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('holder');
    const { body } = await api<{ sessions: SessionJson[] }>(
      daemon,
      'GET',
      '/sessions?agent=dave&all=1',
    );
    expect(body.sessions).toEqual([]);
    expect((await held()).ports.map((claim) => claim.identity)).not.toContain('shop:worker');
    expect((await api(daemon, 'GET', '/agents/dave')).status).toBe(404);
  });
});
