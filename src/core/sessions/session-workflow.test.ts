import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, Revision } from '../../store/index.js';
import { rejection } from '../../../test/helpers/pd-errors.js';
import { AgentRegistry } from '../agents/index.js';
import { ManualClock } from '../clock.js';
import { EventLog } from '../events/index.js';
import { FileClaims } from '../file-claims/index.js';
import { LockManager } from '../locks/index.js';
import { PortRegistry } from '../ports/index.js';
import { beginSession, endSession } from './session-workflow.js';
import { Sessions } from './sessions.js';

const dirs: string[] = [];

function setup() {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pd-workflow-')));
  dirs.push(root);
  fs.mkdirSync(path.join(root, 'src'));
  for (const file of ['a.ts', 'b.ts']) fs.writeFileSync(path.join(root, 'src', file), file);
  const db = openDatabase({ path: ':memory:' });
  const clock = new ManualClock();
  const events = new EventLog(db, clock);
  const common = { db, clock, revision: new Revision(db), events, isPidAlive: () => true };
  const sessions = new Sessions({ ...common, masterKeyPath: path.join(root, 'master.key') });
  const deps = {
    events,
    sessions,
    agents: new AgentRegistry({ ...common, timeoutMs: 600_000 }),
    files: new FileClaims({
      ...common,
      sessionInfo: (id) => sessions.summary(id),
      repoFiles: { list: () => Promise.resolve(['src/a.ts', 'src/b.ts']) },
    }),
    ports: new PortRegistry({
      ...common,
      range: { start: 5000, end: 5009 },
      probe: () => Promise.resolve(true),
    }),
    locks: new LockManager(common),
  };
  return { root, deps };
}

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('beginSession and endSession', () => {
  it('begins with agent, port and files, and completing releases them', async () => {
    const { root, deps } = setup();
    const begun = await beginSession(deps, {
      agentId: 'a1',
      purpose: 'fix',
      identity: 'shop:api',
      files: { root, paths: ['src/a.ts'] },
    });
    expect(begun.session).toMatchObject({ agentId: 'a1', project: 'shop', worktree: root });
    expect(begun.registered.agent).toMatchObject({ id: 'a1', project: 'shop' });
    expect(begun.port?.claim).toMatchObject({ identity: 'shop:api', owner: 'a1' });
    expect(begun.files.map((claim) => [claim.pattern, claim.sessionId])).toEqual([
      ['src/a.ts', begun.session.id],
    ]);
    await deps.locks.acquire({ name: 'deploy', owner: 'a1' });

    const ended = endSession(deps, begun.session.id, 'completed', 'done');
    expect(ended.released).toEqual({ files: 1, locks: ['deploy'], ports: ['shop:api'] });
    expect(deps.ports.get('shop:api')).toBeUndefined();
    expect(deps.files.list()).toEqual([]);
  });

  it('leaves a port of the identity that another owner holds, and ends other phases without releasing', async () => {
    const { deps } = setup();
    await deps.ports.claim({ identity: 'shop:web', owner: 'someone' });
    const begun = await beginSession(deps, { agentId: 'a1', purpose: 'p', identity: 'shop:web' });
    expect(endSession(deps, begun.session.id, 'testing').released).toBeNull();
    const ended = endSession(deps, begun.session.id, 'completed');
    expect(ended.released?.ports).toEqual([]);
    expect(deps.ports.get('shop:web')?.owner).toBe('someone');
  });

  it('abandoning a session by hand releases like completing it', async () => {
    const { root, deps } = setup();
    const begun = await beginSession(deps, {
      agentId: 'a1',
      purpose: 'p',
      files: { root, paths: ['src/a.ts'] },
    });
    const ended = endSession(deps, begun.session.id, 'abandoned');
    expect(ended.released).toEqual({ files: 1, locks: [], ports: [] });
    expect(deps.files.list()).toEqual([]);
  });

  it('keeps nothing when the files are taken: no session, no agent, the new port given back', async () => {
    const { root, deps } = setup();
    await beginSession(deps, {
      agentId: 'holder',
      purpose: 'mine',
      files: { root, paths: ['src'] },
    });
    const refused = await rejection(
      beginSession(deps, {
        agentId: 'late',
        purpose: 'p',
        identity: 'shop:worker',
        files: { root, paths: ['src/*.ts'] },
      }),
    );
    expect(refused.code).toBe('FILES_CLAIMED');
    expect(deps.sessions.list({ all: true, agentId: 'late' })).toEqual([]);
    expect(deps.agents.get('late')).toBeUndefined();
    expect(deps.ports.get('shop:worker')).toBeUndefined();
  });

  it('refuses a second begin before claiming anything', async () => {
    const { deps } = setup();
    await beginSession(deps, { agentId: 'a1', purpose: 'first' });
    const twice = await rejection(
      beginSession(deps, { agentId: 'a1', purpose: 'second', identity: 'shop:db' }),
    );
    expect(twice.code).toBe('SESSION_ACTIVE');
    expect(deps.ports.get('shop:db')).toBeUndefined();
  });
});
