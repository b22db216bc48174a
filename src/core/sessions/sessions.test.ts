import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, Revision } from '../../store/index.js';
import { ManualClock } from '../clock.js';
import { EventLog } from '../events/index.js';
import { thrown } from '../../../test/helpers/pd-errors.js';
import { Sessions } from './sessions.js';

const homes: string[] = [];

function setup(keyFile?: string) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-sessions-'));
  homes.push(home);
  const db = openDatabase({ path: ':memory:' });
  const clock = new ManualClock();
  const events = new EventLog(db, clock);
  const masterKeyPath = keyFile ?? path.join(home, 'master.key');
  const deps = { db, clock, revision: new Revision(db), events, masterKeyPath };
  return { db, clock, events, masterKeyPath, deps, sessions: new Sessions(deps) };
}

afterEach(() => {
  for (const home of homes.splice(0)) fs.rmSync(home, { recursive: true, force: true });
});

describe('Sessions', () => {
  it('begins in planning, one open session per agent', () => {
    const { sessions } = setup();
    const session = sessions.begin({ agentId: 'a1', purpose: 'fix login', identity: 'MyApp:api' });
    expect(session).toMatchObject({
      agentId: 'a1',
      purpose: 'fix login',
      identity: 'myapp:api',
      project: 'myapp',
      phase: 'planning',
      endedAt: null,
      notes: 0,
    });
    expect(session.id).toMatch(/^ses-[0-9a-f]{12}$/);
    const active = thrown(() => sessions.begin({ agentId: 'a1', purpose: 'other' }));
    expect(active).toMatchObject({ code: 'SESSION_ACTIVE', status: 409 });
    expect(active.message).toContain(session.id);
    expect(sessions.activeFor('a1')).toEqual({
      id: session.id,
      agentId: 'a1',
      purpose: 'fix login',
      phase: 'planning',
    });
  });

  it('moves between open phases freely and never out of an ended one', () => {
    const { sessions } = setup();
    const { id } = sessions.begin({ agentId: 'a1', purpose: 'p' });
    for (const phase of ['in_progress', 'testing', 'in_progress', 'reviewing'] as const) {
      expect(sessions.setPhase(id, phase).phase).toBe(phase);
    }
    const done = sessions.complete(id, 'shipped it');
    expect(done).toMatchObject({ phase: 'completed', summary: 'shipped it' });
    expect(done.endedAt).not.toBeNull();
    const illegal = thrown(() => sessions.setPhase(id, 'testing'));
    expect(illegal).toMatchObject({
      code: 'ILLEGAL_PHASE',
      status: 409,
      details: { from: 'completed', to: 'testing' },
    });
    expect(thrown(() => sessions.setPhase(id, 'abandoned')).code).toBe('ILLEGAL_PHASE');
    expect(sessions.activeFor('a1')).toBeUndefined();
    // The agent may begin again once the first is over.
    expect(sessions.begin({ agentId: 'a1', purpose: 'next' }).phase).toBe('planning');
  });

  it('keeps notes encrypted and events free of their text', () => {
    const { sessions, db, events, clock } = setup();
    const { id } = sessions.begin({ agentId: 'a1', purpose: 'p' });
    clock.advance(5000);
    const note = sessions.addNote(id, { text: 'secret-finding-42', type: 'finding', pinned: true });
    expect(note).toMatchObject({ sessionId: id, agentId: 'a1', type: 'finding', pinned: true });
    expect(sessions.get(id)!.updatedAt).toBe(note.at);
    sessions.complete(id, 'secret-summary-43');
    const raw = db.prepare('SELECT body FROM notes').pluck().get() as Buffer;
    expect(raw.includes(Buffer.from('secret-finding-42'))).toBe(false);
    const log = JSON.stringify(events.list(0, 100));
    expect(log).not.toContain('secret-');
    expect(log).toContain('"length":17');
    expect(sessions.notes({ sessionId: id }).map((n) => n.text)).toEqual(['secret-finding-42']);
    expect(sessions.get(id)!.summary).toBe('secret-summary-43');
  });

  it('reads notes back with a fresh instance (keys unwrapped from the master key)', () => {
    const first = setup();
    const { id } = first.sessions.begin({ agentId: 'a1', purpose: 'p' });
    first.sessions.addNote(id, { text: 'hello' });
    const second = new Sessions(first.deps);
    expect(second.notes({ sessionId: id })[0]!.text).toBe('hello');
  });

  it('filters notes by project, agent and time, newest `limit` oldest first', () => {
    const { sessions, clock } = setup();
    const a = sessions.begin({ agentId: 'a', purpose: 'p', project: 'one' });
    const b = sessions.begin({ agentId: 'b', purpose: 'p', project: 'two' });
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      sessions.addNote(a.id, { text: `a${i}` });
      sessions.addNote(b.id, { text: `b${i}` });
    }
    const texts = (filter: Parameters<Sessions['notes']>[0]) =>
      sessions.notes(filter).map((note) => note.text);
    expect(texts({ project: 'one' })).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    expect(texts({ agentId: 'b', limit: 2 })).toEqual(['b3', 'b4']);
    expect(texts({ since: clock.now() - 1000 })).toEqual(['a3', 'b3', 'a4', 'b4']);
  });

  it('refuses notes on an ended session and 404s an unknown one', () => {
    const { sessions } = setup();
    const { id } = sessions.begin({ agentId: 'a1', purpose: 'p' });
    sessions.setPhase(id, 'abandoned');
    expect(thrown(() => sessions.addNote(id, { text: 'x' })).code).toBe('NO_ACTIVE_SESSION');
    expect(thrown(() => sessions.addNote('ses-nope', { text: 'x' })).status).toBe(404);
  });

  it('abandons an agent’s open session and transfers it to another agent', () => {
    const { sessions, deps } = setup();
    const old = sessions.begin({ agentId: 'dead', purpose: 'migrate db', identity: 'app:db' });
    sessions.addNote(old.id, { text: 'half done' });
    expect(thrown(() => sessions.transfer(old.id, 'b', 'mine')).code).toBe('NOT_SALVAGEABLE');
    expect(sessions.abandonByAgent('dead')).toEqual([
      { id: old.id, agentId: 'dead', purpose: 'migrate db', phase: 'abandoned' },
    ]);
    expect(sessions.abandonByAgent('dead')).toEqual([]);

    const moved = sessions.transfer(old.id, 'b', 'picking up the migration');
    const fresh = sessions.get(moved.id)!;
    expect(fresh).toMatchObject({
      agentId: 'b',
      purpose: 'migrate db',
      identity: 'app:db',
      project: 'app',
      phase: 'in_progress',
      salvagedFrom: old.id,
      notes: 2,
    });
    expect(sessions.get(old.id)).toMatchObject({ salvagedTo: moved.id, notes: 0 });
    // A fresh instance (no cached keys) still reads the moved notes with the shared key.
    const reader = new Sessions(deps);
    expect(reader.notes({ sessionId: moved.id }).map((n) => [n.agentId, n.type, n.text])).toEqual([
      ['dead', 'progress', 'half done'],
      ['b', 'handoff', 'picking up the migration'],
    ]);
    expect(sessions.latestFor('dead')).toMatchObject({ id: old.id });
    expect(thrown(() => sessions.transfer(old.id, 'c', 'again')).message).toContain(
      'already salvaged',
    );
  });

  it('creates the master key with mode 0600 and refuses one of the wrong size', () => {
    const { masterKeyPath } = setup();
    expect(fs.statSync(masterKeyPath).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(masterKeyPath)).toHaveLength(32);
    const bad = path.join(path.dirname(masterKeyPath), 'bad.key');
    fs.writeFileSync(bad, 'short');
    expect(() => setup(bad)).toThrow(/holds 5 bytes, not 32/);
  });

  it('says so when the master key was replaced', () => {
    const first = setup();
    const { id } = first.sessions.begin({ agentId: 'a1', purpose: 'p' });
    first.sessions.addNote(id, { text: 'hello' });
    fs.writeFileSync(first.masterKeyPath, Buffer.alloc(32, 7));
    const replaced = new Sessions(first.deps);
    expect(thrown(() => replaced.notes({ sessionId: id })).message).toContain('was it replaced?');
  });
});
