import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rejection } from '../../../test/helpers/pd-errors.js';
import { openDatabase, Revision } from '../../store/index.js';
import { ManualClock } from '../clock.js';
import { EventLog } from '../events/index.js';
import { FileClaims, RELEASED_HISTORY_MS } from './file-claims.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-file-claims-'));
fs.mkdirSync(path.join(root, 'src', 'auth'), { recursive: true });
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const repo = ['src/index.ts', 'src/auth/login.ts', 'docs/guide.md'];

function setup() {
  const db = openDatabase({ path: ':memory:' });
  const clock = new ManualClock();
  const events = new EventLog(db, clock);
  const sessions: Record<string, { purpose: string; agentId: string }> = {
    s1: { purpose: 'refactor auth', agentId: 'alice' },
    s2: { purpose: 'write docs', agentId: 'bob' },
  };
  const files = new FileClaims({
    db,
    clock,
    revision: new Revision(db),
    events,
    sessionInfo: (id) => sessions[id],
    repoFiles: { list: () => Promise.resolve(repo) },
  });
  const claim = (agentId: string, paths: string[], extra: Record<string, unknown> = {}) =>
    files.claim({ agentId, sessionId: agentId === 'alice' ? 's1' : 's2', root, paths, ...extra });
  const eventsOf = (type: string) => events.list(0, 1000).filter((e) => e.type === type);
  return { db, clock, files, claim, eventsOf };
}

describe('FileClaims', () => {
  it('refuses an overlapping exclusive claim of another agent, naming holder and purpose', async () => {
    const { claim } = setup();
    await claim('alice', ['src/auth']);
    const error = await rejection(claim('bob', ['docs/**', 'src/**/*.ts']));
    expect(error).toMatchObject({ code: 'FILES_CLAIMED', status: 409 });
    expect(error.message).toBe(
      'src/**/*.ts overlaps src/auth/**, claimed by alice for "refactor auth"',
    );
    expect(error.details).toEqual({
      conflicts: [
        {
          path: 'src/**/*.ts',
          pattern: 'src/auth/**',
          holder: { agent: 'alice', session: 's1', purpose: 'refactor auth' },
          shared: false,
          token: 1,
          example: 'src/auth/login.ts',
        },
      ],
    });
  });

  it('writes nothing when one pattern conflicts: all or none', async () => {
    const { claim, files } = setup();
    await claim('alice', ['src/index.ts']);
    await rejection(claim('bob', ['docs/guide.md', 'src/index.ts']));
    expect(files.list({ agentId: 'bob' })).toEqual([]);
  });

  it('lets shared claims sit together, but not beside an exclusive one', async () => {
    const { claim, files } = setup();
    await claim('alice', ['src/**'], { shared: true });
    await claim('bob', ['src/index.ts'], { shared: true });
    expect(files.list({ root }).map((c) => [c.agentId, c.pattern])).toEqual([
      ['alice', 'src/**'],
      ['bob', 'src/index.ts'],
    ]);
    const error = await rejection(claim('carol', ['src/auth/login.ts']));
    expect(error.message).toBe(
      'src/auth/login.ts overlaps src/**, claimed by alice for "refactor auth" (shared; claim with --shared to share it)',
    );
    expect(error.details.conflicts).toHaveLength(1);
  });

  it('never conflicts with the same agent, and re-claiming renews without a new token', async () => {
    const { claim, clock, eventsOf } = setup();
    const [first] = await claim('alice', ['src/index.ts'], { ttlMs: 1000 });
    await claim('alice', ['src/**']);
    clock.advance(500);
    const [again] = await claim('alice', ['src/index.ts'], { ttlMs: 1000 });
    expect(again).toMatchObject({
      id: first!.id,
      token: first!.token,
      expiresAt: clock.now() + 1000,
    });
    const [same] = await claim('alice', ['src/index.ts'], { ttlMs: 1000 });
    expect(same).toEqual(again);
    expect(eventsOf('file.claimed')).toHaveLength(2);
    expect(eventsOf('file.renewed')).toHaveLength(1);
  });

  it('issues fencing tokens that only grow', async () => {
    const { claim, files } = setup();
    const tokens: number[] = [];
    for (const pattern of ['a.ts', 'b.ts', 'a.ts', 'src/**']) {
      const [claimed] = await claim('alice', [pattern]);
      tokens.push(claimed!.token);
      await files.release({ agentId: 'alice', root, paths: [pattern] });
    }
    expect(tokens).toEqual([...tokens].sort((x, y) => x - y));
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('releases claims whose TTL ran out, and no longer counts them before that', async () => {
    const { claim, clock, files, eventsOf } = setup();
    await claim('alice', ['src/index.ts'], { ttlMs: 1000 });
    clock.advance(1000);
    expect(files.list()).toEqual([]);
    await claim('bob', ['src/index.ts']);
    expect(eventsOf('file.released').map((e) => e.data)).toEqual([
      {
        root,
        pattern: 'src/index.ts',
        agent: 'alice',
        session: 's1',
        shared: false,
        token: 1,
        reason: 'expired',
      },
    ]);
    expect(files.reapExpired()).toEqual([]);
  });

  it('keeps released claims as history for the session, then forgets them', async () => {
    const { claim, clock, files } = setup();
    await claim('alice', ['src/index.ts', 'docs/**']);
    expect(files.releaseBySession('s1', 'completed')).toBe(2);
    expect(files.bySession('s1')).toEqual([]);
    const history = files.bySession('s1', { includeReleased: true });
    expect(history.map((c) => [c.pattern, c.releaseReason])).toEqual([
      ['src/index.ts', 'completed'],
      ['docs/**', 'completed'],
    ]);
    expect(history[0]!.releasedAt).toBe(clock.now());
    clock.advance(RELEASED_HISTORY_MS + 1);
    files.reapExpired();
    expect(files.bySession('s1', { includeReleased: true })).toEqual([]);
  });

  it('releases by agent, all at once or the paths asked for (404 when not held)', async () => {
    const { claim, files } = setup();
    await claim('alice', ['src/index.ts', 'docs/**']);
    const error = await rejection(
      files.release({ agentId: 'alice', root, paths: ['docs', 'nope.ts'] }),
    );
    expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(error.message).toBe(`alice holds no claim on nope.ts in ${root}`);
    expect(files.list({ agentId: 'alice' })).toHaveLength(2);
    const released = await files.release({ agentId: 'alice', root, paths: ['docs/'] });
    expect(released.map((c) => [c.pattern, c.releaseReason])).toEqual([['docs/**', 'released']]);
    expect(files.releaseByAgent('alice', 'agent-ended')).toBe(1);
    expect(files.releaseByAgent('alice', 'agent-ended')).toBe(0);
  });

  it('commits inside a caller’s transaction with the session it is given', async () => {
    const { files, db } = setup();
    const prepared = await files.prepareClaim({
      agentId: 'alice',
      sessionId: null,
      root,
      paths: ['x.ts'],
    });
    db.transaction(() => files.commitClaim(prepared, 's1'))();
    expect(files.list({ sessionId: 's1' }).map((c) => c.pattern)).toEqual(['x.ts']);
    const rolledBack = await files.prepareClaim({
      agentId: 'bob',
      sessionId: null,
      root,
      paths: ['y.ts'],
    });
    expect(() =>
      db.transaction(() => {
        files.commitClaim(rolledBack, 's2');
        throw new Error('begin failed later');
      })(),
    ).toThrow('begin failed later');
    expect(files.list({ agentId: 'bob' })).toEqual([]);
  });

  it('refuses a root that is not a folder and an empty path list', async () => {
    const { files } = setup();
    const missing = await rejection(
      files.prepareClaim({ agentId: 'a', sessionId: null, root: '/no/such/dir', paths: ['a'] }),
    );
    expect(missing.message).toBe('invalid root "/no/such/dir": no such folder');
    const empty = await rejection(
      files.prepareClaim({ agentId: 'a', sessionId: null, root, paths: [] }),
    );
    expect(empty.message).toBe('nothing to claim: give at least one path or glob');
  });

  it('checks who holds each path: free, own, held, and what guard needs', async () => {
    const { claim, files } = setup();
    await claim('alice', ['src/auth']);
    await claim('bob', ['docs/**'], { shared: true });
    const check = await files.check({
      agentId: 'alice',
      root,
      paths: ['src/auth/login.ts', 'src/index.ts', 'docs/guide.md'],
    });
    expect(check.paths.map((p) => [p.path, p.state, p.own])).toEqual([
      ['src/auth/login.ts', 'own', ['src/auth/**']],
      ['src/index.ts', 'free', []],
      ['docs/guide.md', 'held', []],
    ]);
    expect(check.paths[2]!.holders).toEqual([
      {
        agent: 'bob',
        session: 's2',
        purpose: 'write docs',
        pattern: 'docs/**',
        shared: true,
        token: 2,
      },
    ]);
    expect(check.uncovered).toEqual(['src/index.ts', 'docs/guide.md']);
    expect(check.conflicts).toEqual(['docs/guide.md']);
    const anonymous = await files.check({ root, paths: ['src/auth/login.ts'] });
    expect(anonymous.conflicts).toEqual(['src/auth/login.ts']);
  });
});
