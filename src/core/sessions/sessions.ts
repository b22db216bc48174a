import { randomBytes } from 'node:crypto';
import { PdError } from '../../api/errors.js';
import type { Db, Revision } from '../../store/index.js';
import type { Clock } from '../clock.js';
import type { EventLog } from '../events/index.js';
import { parseIdentity } from '../identity/index.js';
import { SessionKeys } from './session-keys.js';
import {
  isOpenPhase,
  type BeginInput,
  type Note,
  type NoteFilter,
  type NoteInput,
  type Phase,
  type Session,
  type SessionFilter,
} from './session.js';
import {
  sessionsTable,
  type NoteRow,
  type SessionRow,
  type SessionsTable,
} from './sessions-table.js';

export interface SessionsDeps {
  db: Db;
  clock: Clock;
  revision: Revision;
  events: EventLog;
  /** The master key file (mode 0600, made on first start) that wraps each session's note key. */
  masterKeyPath: string;
}

/** What other domains need to know of a session. */
export interface SessionSummary {
  id: string;
  agentId: string;
  purpose: string;
  phase: string;
}

const DEFAULT_NOTE_LIMIT = 100;

const newSessionId = () => `ses-${randomBytes(6).toString('hex')}`;

/**
 * Sessions (what an agent is doing, in which phase) and their notes, encrypted at rest: each
 * session has a random data key, stored wrapped by the master key; note bodies and the closing
 * summary are sealed with it. Activity events carry ids, types and lengths, never the text.
 */
export class Sessions {
  private readonly table: SessionsTable;
  private readonly keys: SessionKeys;

  constructor(protected readonly deps: SessionsDeps) {
    this.table = sessionsTable(deps.db);
    this.keys = new SessionKeys(deps.masterKeyPath, (id) => this.table.wrappedKey(id));
  }

  /** Starts a session in `planning`; SESSION_ACTIVE (409) while the agent has an open one. */
  begin(input: BeginInput): Session {
    const identity = input.identity === undefined ? null : parseIdentity(input.identity).full;
    const project = input.project ?? (identity ? identity.split(':')[0]! : null);
    return this.deps.events.transact(() => {
      this.refuseIfOpen(input.agentId);
      const id = newSessionId();
      return this.insert({
        id,
        agentId: input.agentId,
        purpose: input.purpose,
        identity,
        project,
        worktree: input.worktree ?? null,
        phase: 'planning',
        wrappedKey: this.keys.create(id),
        salvagedFrom: null,
      });
    });
  }

  get(id: string): Session | undefined {
    const row = this.table.get(id);
    return row && this.toSession(row);
  }

  /** NOT_FOUND (404) for an unknown id. */
  require(id: string): Session {
    const session = this.get(id);
    if (!session) throw new PdError('NOT_FOUND', `no session ${id}`, { session: id });
    return session;
  }

  /** Open sessions, newest first; `all` adds ended ones. */
  list(filter: SessionFilter = {}): Session[] {
    return this.table.list(filter).map((row) => this.toSession(row));
  }

  /** The open session of an agent, if any. */
  activeFor(agentId: string): SessionSummary | undefined {
    const row = this.table.openFor(agentId);
    return row && rowSummary(row);
  }

  /** The agent's open session in full, if any. */
  openSessionOf(agentId: string): Session | undefined {
    const row = this.table.openFor(agentId);
    return row && this.toSession(row);
  }

  summary(sessionId: string): SessionSummary | undefined {
    const row = this.table.get(sessionId);
    return row && rowSummary(row);
  }

  /** The agent's most recent session (open or not), for salvage listings. */
  latestFor(agentId: string): SessionSummary | undefined {
    const row = this.table.latestFor(agentId);
    return row && rowSummary(row);
  }

  /**
   * Any open phase to any other (agents go back from testing to in_progress), or to completed or
   * abandoned; nothing leaves completed or abandoned: ILLEGAL_PHASE (409).
   */
  setPhase(id: string, phase: Phase, summary?: string): Session {
    return this.deps.events.transact(() => {
      const session = this.require(id);
      if (!isOpenPhase(session.phase)) {
        const how = session.salvagedTo ? ` (its work continues in ${session.salvagedTo})` : '';
        throw new PdError(
          'ILLEGAL_PHASE',
          `session ${id} is ${session.phase}${how}: it cannot move to ${phase}; start a new one with "pd begin"`,
          { session: id, from: session.phase, to: phase },
        );
      }
      if (session.phase === phase) return session;
      const now = this.deps.clock.now();
      const ending = !isOpenPhase(phase);
      const sealed = summary === undefined ? null : this.keys.sealText(id, summary);
      const revision = this.deps.revision.next();
      this.table.setPhase(id, phase, now, ending ? now : null, sealed);
      const type =
        phase === 'completed' || phase === 'abandoned' ? `session.${phase}` : 'session.phase';
      this.deps.events.append(revision, type, id, {
        agent: session.agentId,
        from: session.phase,
        to: phase,
        ...(summary === undefined ? {} : { summaryLength: summary.length }),
      });
      return this.require(id);
    });
  }

  /** Ends the session `completed`, with an optional summary (stored encrypted). */
  complete(id: string, summary?: string): Session {
    return this.setPhase(id, 'completed', summary);
  }

  /** Marks the agent's open sessions `abandoned` (it died or left); notes are kept. */
  abandonByAgent(agentId: string): SessionSummary[] {
    const row = this.table.openFor(agentId);
    if (!row) return [];
    return [summaryOf(this.setPhase(row.id, 'abandoned'))];
  }

  /** Adds a note to an open session; the text is sealed with the session's key. */
  addNote(sessionId: string, input: NoteInput): Note {
    return this.deps.events.transact(() => {
      const session = this.require(sessionId);
      if (!isOpenPhase(session.phase)) {
        throw new PdError(
          'NO_ACTIVE_SESSION',
          `session ${sessionId} is ${session.phase}: notes go to an open session`,
          { session: sessionId, phase: session.phase },
        );
      }
      const note = {
        sessionId,
        agentId: input.agentId ?? session.agentId,
        type: input.type ?? 'progress',
        pinned: input.pinned ?? false,
        at: this.deps.clock.now(),
        text: input.text,
      };
      const revision = this.deps.revision.next();
      const id = this.table.insertNote({
        session_id: sessionId,
        agent_id: note.agentId,
        type: note.type,
        pinned: note.pinned ? 1 : 0,
        at: note.at,
        body: this.keys.sealText(sessionId, note.text),
      });
      this.table.touch(sessionId, note.at);
      this.deps.events.append(revision, 'note.added', sessionId, {
        note: id,
        agent: note.agentId,
        type: note.type,
        pinned: note.pinned,
        length: note.text.length,
      });
      return { id, ...note };
    });
  }

  /** The newest `limit` (100) notes matching the filter, oldest first, decrypted. */
  notes(filter: NoteFilter = {}): Note[] {
    return this.table
      .notes({ ...filter, limit: filter.limit ?? DEFAULT_NOTE_LIMIT })
      .map((row) => this.toNote(row));
  }

  /**
   * Salvage: a new session for `toAgentId` with the old one's purpose, identity and project; the
   * old session's notes move to it, each side names the other, and a handoff note is recorded.
   */
  transfer(fromSessionId: string, toAgentId: string, handoffNote: string): SessionSummary {
    return summaryOf(this.salvage(fromSessionId, toAgentId, handoffNote));
  }

  /** `transfer` with the whole new session. */
  salvage(fromSessionId: string, toAgentId: string, handoffNote: string): Session {
    return this.deps.events.transact(() => {
      const old = this.require(fromSessionId);
      if (old.phase !== 'abandoned' || old.salvagedTo !== null) {
        const why = old.salvagedTo
          ? `it was already salvaged into ${old.salvagedTo}`
          : `it is ${old.phase}, and only abandoned sessions can be salvaged`;
        throw new PdError(
          'NOT_SALVAGEABLE',
          `session ${fromSessionId} cannot be salvaged: ${why}`,
          {
            session: fromSessionId,
            phase: old.phase,
            salvagedTo: old.salvagedTo,
          },
        );
      }
      this.refuseIfOpen(toAgentId);
      // Same data key: the notes move without being decrypted and sealed again.
      const fresh = this.insert({
        id: newSessionId(),
        agentId: toAgentId,
        purpose: old.purpose,
        identity: old.identity,
        project: old.project,
        worktree: old.worktree,
        phase: 'in_progress',
        wrappedKey: this.table.wrappedKey(fromSessionId)!,
        salvagedFrom: fromSessionId,
      });
      this.keys.share(fromSessionId, fresh.id);
      const now = this.deps.clock.now();
      const moved = this.table.moveNotes(fromSessionId, fresh.id);
      this.table.setSalvagedTo(fromSessionId, fresh.id, now);
      this.deps.events.append(this.deps.revision.next(), 'session.salvaged', fromSessionId, {
        from: fromSessionId,
        to: fresh.id,
        fromAgent: old.agentId,
        toAgent: toAgentId,
        notes: moved,
      });
      this.addNote(fresh.id, { text: handoffNote, type: 'handoff', agentId: toAgentId });
      return this.require(fresh.id);
    });
  }

  /** SESSION_ACTIVE (409) naming the agent's open session, if it has one. */
  refuseIfOpen(agentId: string): void {
    const open = this.table.openFor(agentId);
    if (!open) return;
    throw new PdError(
      'SESSION_ACTIVE',
      `agent ${agentId} already has an open session ${open.id} (${open.phase}): "${open.purpose}"; finish it with "pd done" or "pd phase abandoned"`,
      { session: rowSummary(open) },
    );
  }

  private insert(fields: {
    id: string;
    agentId: string;
    purpose: string;
    identity: string | null;
    project: string | null;
    worktree: string | null;
    phase: Phase;
    wrappedKey: Buffer;
    salvagedFrom: string | null;
  }): Session {
    const { id } = fields;
    const now = this.deps.clock.now();
    const revision = this.deps.revision.next();
    this.table.insert({
      id,
      agent_id: fields.agentId,
      project: fields.project,
      identity: fields.identity,
      purpose: fields.purpose,
      phase: fields.phase,
      worktree: fields.worktree,
      started_at: now,
      updated_at: now,
      wrapped_key: fields.wrappedKey,
      salvaged_from: fields.salvagedFrom,
    });
    this.deps.events.append(revision, 'session.started', id, {
      agent: fields.agentId,
      purpose: fields.purpose,
      identity: fields.identity,
      project: fields.project,
      phase: fields.phase,
      ...(fields.salvagedFrom ? { salvagedFrom: fields.salvagedFrom } : {}),
    });
    return this.require(id);
  }

  private toSession(row: SessionRow): Session {
    const summary = row.summary;
    return {
      id: row.id,
      agentId: row.agent_id,
      project: row.project,
      identity: row.identity,
      purpose: row.purpose,
      phase: row.phase,
      worktree: row.worktree,
      startedAt: row.started_at,
      updatedAt: row.updated_at,
      endedAt: row.ended_at,
      summary:
        summary === null ? null : this.keys.openText(row.id, summary, `the summary of ${row.id}`),
      salvagedFrom: row.salvaged_from,
      salvagedTo: row.salvaged_to,
      notes: row.notes,
    };
  }

  private toNote(row: NoteRow): Note {
    return {
      id: row.id,
      sessionId: row.session_id,
      agentId: row.agent_id,
      type: row.type,
      pinned: row.pinned === 1,
      at: row.at,
      text: this.keys.openText(row.session_id, row.body, `note ${row.id}`),
    };
  }
}

function summaryOf(session: SessionSummary): SessionSummary {
  return {
    id: session.id,
    agentId: session.agentId,
    purpose: session.purpose,
    phase: session.phase,
  };
}

const rowSummary = (row: SessionRow): SessionSummary =>
  summaryOf({ id: row.id, agentId: row.agent_id, purpose: row.purpose, phase: row.phase });
