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

// Read as arrays and mapped by hand (see fromRaw): listing 1,000 sessions stays cheap.
const SELECT_SESSION = `SELECT s.id, s.agent_id, s.project, s.identity, s.purpose, s.phase,
  s.worktree, s.started_at, s.updated_at, s.ended_at, s.summary, s.wrapped_key, s.salvaged_from,
  s.salvaged_to, s.note_count FROM sessions s`;

type RawSession = [
  string,
  string,
  string | null,
  string | null,
  string,
  Phase,
  string | null,
  number,
  number,
  number | null,
  Buffer | null,
  Buffer,
  string | null,
  string | null,
  number,
];

const fromRaw = (row: RawSession | undefined): SessionRow | undefined =>
  row && {
    id: row[0],
    agent_id: row[1],
    project: row[2],
    identity: row[3],
    purpose: row[4],
    phase: row[5],
    worktree: row[6],
    started_at: row[7],
    updated_at: row[8],
    ended_at: row[9],
    summary: row[10],
    wrapped_key: row[11],
    salvaged_from: row[12],
    salvaged_to: row[13],
    notes: row[14],
  };
const OPEN = `s.phase NOT IN ('completed', 'abandoned')`;

/** The SQL of the sessions domain; filtered listings are prepared once per filter shape. */
export function sessionsTable(db: Db) {
  const byId = db.prepare(`${SELECT_SESSION} WHERE s.id = ?`).raw();
  const openFor = db.prepare(`${SELECT_SESSION} WHERE s.agent_id = ? AND ${OPEN}`).raw();
  const latestFor = db
    .prepare(
      `${SELECT_SESSION} WHERE s.agent_id = ? ORDER BY s.started_at DESC, s.rowid DESC LIMIT 1`,
    )
    .raw();
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
    get: (id: string) => fromRaw(byId.get(id) as RawSession | undefined),
    openFor: (agentId: string) => fromRaw(openFor.get(agentId) as RawSession | undefined),
    latestFor: (agentId: string) => fromRaw(latestFor.get(agentId) as RawSession | undefined),
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
      const rows = prepared(sql)
        .raw()
        .all(...where.params) as RawSession[];
      return rows.map((row) => fromRaw(row)!);
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
