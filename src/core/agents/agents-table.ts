import type { Db } from '../../store/index.js';
import type { Agent, AgentEndReason, SalvageState } from './agent.js';

/** The stored part of an agent: `stale` is never stored, it is read from the heartbeat. */
export type StoredAgent = Omit<Agent, 'state'> & { state: 'alive' | 'dead' | 'left' };

/**
 * Rows are read as arrays in this column order and mapped by hand: better-sqlite3 builds a row
 * object property by property, which costs more than the query when listing 1,000 agents.
 */
const COLUMNS = `id, name, project, identity, purpose, pid, registered_at, heartbeat_at, timeout_ms,
  state, ended_at, end_reason, salvage`;

type AgentRow = [
  id: string,
  name: string,
  project: string | null,
  identity: string | null,
  purpose: string | null,
  pid: number | null,
  registeredAt: number,
  heartbeatAt: number,
  timeoutMs: number,
  state: 'alive' | 'dead' | 'left',
  endedAt: number | null,
  endReason: AgentEndReason | null,
  salvage: SalvageState | null,
];

const toStored = (row: AgentRow): StoredAgent => ({
  id: row[0],
  name: row[1],
  project: row[2],
  identity: row[3],
  purpose: row[4],
  pid: row[5],
  registeredAt: row[6],
  heartbeatAt: row[7],
  timeoutMs: row[8],
  state: row[9],
  endedAt: row[10],
  endReason: row[11],
  salvage: row[12],
});

/** alive turns stale once half the timeout has passed without a heartbeat. */
export function withLiveness(agent: StoredAgent, now: number): Agent {
  if (agent.state !== 'alive') return agent;
  const stale = now - agent.heartbeatAt >= agent.timeoutMs / 2;
  return stale ? { ...agent, state: 'stale' } : agent;
}

const AWAITING_SALVAGE = `((state = 'dead' AND (salvage IS NULL OR salvage = 'pending'))
  OR (state = 'left' AND salvage = 'pending'))`;

/** The SQL of the agents domain, prepared once. */
export function agentsTable(db: Db) {
  const byId = db.prepare(`SELECT ${COLUMNS} FROM agents WHERE id = ?`).raw();
  const upsert = db.prepare(
    `INSERT INTO agents (id, name, project, identity, purpose, pid, registered_at, heartbeat_at,
       timeout_ms, deadline, state, ended_at, end_reason, salvage)
     VALUES (@id, @name, @project, @identity, @purpose, @pid, @registeredAt, @heartbeatAt,
       @timeoutMs, @heartbeatAt + @timeoutMs, @state, @endedAt, @endReason, @salvage)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, project = excluded.project,
       identity = excluded.identity, purpose = excluded.purpose, pid = excluded.pid,
       heartbeat_at = excluded.heartbeat_at, timeout_ms = excluded.timeout_ms,
       deadline = excluded.deadline, state = excluded.state, ended_at = excluded.ended_at,
       end_reason = excluded.end_reason, salvage = excluded.salvage`,
  );
  // The hot path: one statement that renews a live agent and answers with it.
  const heartbeat = db
    .prepare(
      `UPDATE agents SET heartbeat_at = @now, deadline = @now + timeout_ms
     WHERE id = @id AND state = 'alive' RETURNING ${COLUMNS}`,
    )
    .raw();
  const touch = db.prepare(
    `UPDATE agents SET heartbeat_at = @now, deadline = @now + timeout_ms
     WHERE id = @id AND state = 'alive'`,
  );
  const end = db.prepare(
    `UPDATE agents SET state = @state, ended_at = @now, end_reason = @reason
     WHERE id = @id AND state = 'alive'`,
  );
  const setSalvage = db.prepare('UPDATE agents SET salvage = ? WHERE id = ?');
  const timedOut = db
    .prepare(
      `SELECT ${COLUMNS} FROM agents WHERE state = 'alive' AND deadline <= ?
     ORDER BY deadline, registered_at, id`,
    )
    .raw();
  const withPid = db.prepare(
    "SELECT id, pid FROM agents WHERE state = 'alive' AND pid IS NOT NULL ORDER BY pid",
  );
  const select = (where: string, order: string) =>
    db.prepare(`SELECT ${COLUMNS} FROM agents ${where} ORDER BY ${order}`).raw();
  const live = select("WHERE state = 'alive'", 'registered_at, id');
  const all = select('', 'registered_at, id');
  const liveIn = select("WHERE project = ? AND state = 'alive'", 'registered_at, id');
  const allIn = select('WHERE project = ?', 'registered_at, id');
  const awaiting = select(`WHERE ${AWAITING_SALVAGE}`, 'ended_at, registered_at, id');
  const awaitingIn = select(
    `WHERE project = ? AND ${AWAITING_SALVAGE}`,
    'ended_at, registered_at, id',
  );
  const rows = (statement: { all(...args: unknown[]): unknown[] }, ...args: unknown[]) =>
    (statement.all(...args) as AgentRow[]).map(toStored);

  return {
    get: (id: string) => {
      const row = byId.get(id) as AgentRow | undefined;
      return row ? toStored(row) : undefined;
    },
    save: (agent: StoredAgent) => upsert.run(agent),
    /** Undefined when the id is unknown or the agent has ended. */
    heartbeat: (id: string, now: number) => {
      const row = heartbeat.get({ id, now }) as AgentRow | undefined;
      return row ? toStored(row) : undefined;
    },
    touch: (id: string, now: number) => touch.run({ id, now }).changes > 0,
    /** False when it had ended already. */
    end: (id: string, state: 'dead' | 'left', reason: AgentEndReason, now: number) =>
      end.run({ id, state, reason, now }).changes > 0,
    setSalvage: (id: string, salvage: SalvageState | null) => setSalvage.run(salvage, id),
    timedOut: (now: number) => rows(timedOut, now),
    withPid: () => withPid.all() as { id: string; pid: number }[],
    list: (project: string | undefined, includeEnded: boolean) =>
      project === undefined
        ? rows(includeEnded ? all : live)
        : rows(includeEnded ? allIn : liveIn, project),
    awaitingSalvage: (project?: string) =>
      project === undefined ? rows(awaiting) : rows(awaitingIn, project),
  };
}
