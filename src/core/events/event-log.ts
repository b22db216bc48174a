import type { Db } from '../../store/index.js';
import type { Clock } from '../clock.js';

export interface ActivityEvent {
  id: number;
  revision: number;
  at: number;
  type: string;
  subject: string;
  data: Record<string, unknown>;
}

type Listener = (event: ActivityEvent) => void;
/** Runs inside the appending transaction: its writes commit or roll back with the event. */
type AppendHook = (event: ActivityEvent) => void;

interface EventRow {
  id: number;
  revision: number;
  at: number;
  type: string;
  subject: string;
  data: string;
}

const toEvent = (row: EventRow): ActivityEvent => ({
  ...row,
  data: JSON.parse(row.data) as Record<string, unknown>,
});

/** The activity log: every state change appends one event; listeners hear it after commit. */
export class EventLog {
  private readonly listeners = new Set<Listener>();
  private readonly appendHooks = new Set<AppendHook>();
  private readonly pending: ActivityEvent[] = [];
  private readonly afterCommitQueue: (() => void)[] = [];
  private readonly insert;
  private readonly since;
  private readonly sinceTime;
  private readonly count;
  /** Built once: wrapping a function in db.transaction() is costly, running the wrapper is not. */
  private readonly inTransaction: (mutation: () => unknown) => unknown;
  private depth = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.insert = db.prepare(
      'INSERT INTO events (revision, at, type, subject, data) VALUES (?, ?, ?, ?, ?) RETURNING id',
    );
    this.since = db.prepare('SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?');
    this.sinceTime = db.prepare('SELECT * FROM events WHERE at >= ? ORDER BY id LIMIT ?');
    this.count = db.prepare('SELECT COUNT(*) AS n FROM events');
    this.inTransaction = db.transaction((mutation: () => unknown) => mutation());
  }

  /** Call inside the mutation's transaction; listeners hear it once `transact` commits. */
  append(
    revision: number,
    type: string,
    subject: string,
    data: Record<string, unknown>,
  ): ActivityEvent {
    const at = this.clock.now();
    const { id } = this.insert.get(revision, at, type, subject, JSON.stringify(data)) as {
      id: number;
    };
    const event = { id, revision, at, type, subject, data };
    this.pending.push(event);
    for (const hook of this.appendHooks) hook(event);
    return event;
  }

  /** Runs `mutation` in one transaction and tells listeners about its events only if it committed. */
  transact<T>(mutation: () => T): T {
    // Nested: better-sqlite3 makes it a savepoint; only the outermost commit tells listeners.
    if (this.depth > 0) return this.nested(mutation);
    let result: T;
    this.depth++;
    try {
      result = this.inTransaction(mutation) as T;
    } catch (error) {
      this.pending.length = 0;
      this.afterCommitQueue.length = 0;
      throw error;
    } finally {
      this.depth--;
    }
    const committed = this.pending.splice(0);
    for (const event of committed) for (const listener of this.listeners) listener(event);
    for (const task of this.afterCommitQueue.splice(0)) task();
    return result;
  }

  private nested<T>(mutation: () => T): T {
    const pending = this.pending.length;
    const queued = this.afterCommitQueue.length;
    try {
      return this.inTransaction(mutation) as T;
    } catch (error) {
      // The savepoint rolled back: forget what it appended, keep what came before it.
      this.pending.length = pending;
      this.afterCommitQueue.length = queued;
      throw error;
    }
  }

  /**
   * Writes that belong with each event (pd:events messages) go in the same transaction, so a
   * mutation costs one commit, not two.
   */
  onAppend(hook: AppendHook): () => void {
    this.appendHooks.add(hook);
    return () => this.appendHooks.delete(hook);
  }

  /** Inside `transact`: runs `task` once the transaction has committed, never after a rollback. */
  afterCommit(task: () => void): void {
    this.afterCommitQueue.push(task);
  }

  list(sinceId: number, limit: number): ActivityEvent[] {
    return (this.since.all(sinceId, limit) as EventRow[]).map(toEvent);
  }

  /** Events at or after a time (ms), oldest first. */
  listSinceTime(at: number, limit: number): ActivityEvent[] {
    return (this.sinceTime.all(at, limit) as EventRow[]).map(toEvent);
  }

  total(): number {
    return (this.count.get() as { n: number }).n;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
