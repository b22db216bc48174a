import type { Statement } from 'better-sqlite3';
import type { Db } from '../../store/index.js';
import type { NoteFilter, NoteType, Phase, SessionFilter } from './session.js';

/** A session as stored: summary and key are still encrypted. */
export interface SessionRow {
  id: string;
  agent_id: string;
  project: string | null;
  identity: string | null;
  purpose: string;
  phase: Phase;
  worktree: string | null;
  started_at: number;
  updated_at: number;
  ended_at: number | null;
  summary: Buffer | null;
  wrapped_key: Buffer;
  salvaged_from: string | null;
  salvaged_to: string | null;
  notes: number;
}

export interface NoteRow {
  id: number;
  session_id: string;
  agent_id: string;
  type: NoteType;
  pinned: number;
  at: number;
  body: Buffer;
}

export type NewSessionRow = Omit<SessionRow, 'notes' | 'summary' | 'ended_at' | 'salvaged_to'>;

const SELECT_SESSION = `SELECT s.*, (SELECT COUNT(*) FROM notes n WHERE n.session_id = s.id) AS notes
  FROM sessions s`;
const OPEN = `s.phase NOT IN ('completed', 'abandoned')`;

/** The SQL of the sessions domain; filtered listings are prepared once per filter shape. */
export function sessionsTable(db: Db) {
  const byId = db.prepare(`${SELECT_SESSION} WHERE s.id = ?`);
  const openFor = db.prepare(`${SELECT_SESSION} WHERE s.agent_id = ? AND ${OPEN}`);
  const latestFor = db.prepare(
    `${SELECT_SESSION} WHERE s.agent_id = ? ORDER BY s.started_at DESC, s.rowid DESC LIMIT 1`,
  );
  const wrappedKey = db.prepare('SELECT wrapped_key FROM sessions WHERE id = ?').pluck();
  const insert = db.prepare(
    `INSERT INTO sessions (id, agent_id, project, identity, purpose, phase, worktree, started_at,
       updated_at, wrapped_key, salvaged_from)
     VALUES (@id, @agent_id, @project, @identity, @purpose, @phase, @worktree, @started_at,
       @updated_at, @wrapped_key, @salvaged_from)`,
  );
  const setPhase = db.prepare(
    'UPDATE sessions SET phase = ?, updated_at = ?, ended_at = ?, summary = coalesce(?, summary) WHERE id = ?',
  );
  const setSalvagedTo = db.prepare(
    'UPDATE sessions SET salvaged_to = ?, updated_at = ? WHERE id = ?',
  );
  const touch = db.prepare('UPDATE sessions SET updated_at = ? WHERE id = ?');
  const moveNotes = db.prepare('UPDATE notes SET session_id = ? WHERE session_id = ?');
  const insertNote = db.prepare(
    `INSERT INTO notes (session_id, agent_id, type, pinned, at, body)
     VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
  );
  const listings = new Map<string, Statement<unknown[]>>();
  const prepared = (sql: string) => {
    let statement = listings.get(sql);
    if (!statement) listings.set(sql, (statement = db.prepare<unknown[]>(sql)));
    return statement;
  };

  return {
    get: (id: string) => byId.get(id) as SessionRow | undefined,
    openFor: (agentId: string) => openFor.get(agentId) as SessionRow | undefined,
    latestFor: (agentId: string) => latestFor.get(agentId) as SessionRow | undefined,
    wrappedKey: (id: string) => wrappedKey.get(id) as Buffer | undefined,
    insert: (row: NewSessionRow) => insert.run(row),
    setPhase: (
      id: string,
      phase: Phase,
      at: number,
      endedAt: number | null,
      summary: Buffer | null,
    ) => setPhase.run(phase, at, endedAt, summary, id),
    setSalvagedTo: (id: string, to: string, at: number) => setSalvagedTo.run(to, at, id),
    /** A note counts as activity: listings show when the session last moved. */
    touch: (id: string, at: number) => touch.run(at, id),
    moveNotes: (from: string, to: string) => moveNotes.run(to, from).changes,

    list(filter: SessionFilter): SessionRow[] {
      const where = conditions();
      if (!filter.all) where.add(OPEN);
      where.add('s.agent_id = ?', filter.agentId);
      where.add('s.project = ?', filter.project);
      const sql = `${SELECT_SESSION}${where.sql()} ORDER BY s.started_at DESC, s.rowid DESC`;
      return prepared(sql).all(...where.params) as SessionRow[];
    },

    insertNote(note: Omit<NoteRow, 'id'>): number {
      const { id } = insertNote.get(
        note.session_id,
        note.agent_id,
        note.type,
        note.pinned,
        note.at,
        note.body,
      ) as { id: number };
      return id;
    },

    /** The newest `limit` notes matching the filter, oldest first. */
    notes(filter: NoteFilter & { limit: number }): NoteRow[] {
      const where = conditions();
      where.add('n.session_id = ?', filter.sessionId);
      where.add('n.agent_id = ?', filter.agentId);
      where.add('n.at >= ?', filter.since);
      where.add('s.project = ?', filter.project);
      const join = filter.project === undefined ? '' : ' JOIN sessions s ON s.id = n.session_id';
      const sql = `SELECT * FROM (SELECT n.* FROM notes n${join}${where.sql()}
        ORDER BY n.id DESC LIMIT ?) ORDER BY id`;
      return prepared(sql).all(...where.params, filter.limit) as NoteRow[];
    },
  };
}

/** A WHERE clause built from the filter fields that are set. */
function conditions() {
  const clauses: string[] = [];
  const params: unknown[] = [];
  return {
    params,
    /** Adds the clause; one with a `?` only when its value is given. */
    add(clause: string, ...values: (string | number | undefined)[]) {
      if (values.some((value) => value === undefined)) return;
      clauses.push(clause);
      params.push(...values);
    },
    sql: () => (clauses.length === 0 ? '' : ` WHERE ${clauses.join(' AND ')}`),
  };
}

export type SessionsTable = ReturnType<typeof sessionsTable>;
