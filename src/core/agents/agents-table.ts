import type { Db } from '../../store/index.js';
import type { Agent, AgentEndReason, SalvageState } from './agent.js';

/** The stored part of an agent: `stale` is never stored, it is read from the heartbeat. */
export type StoredAgent = Omit<Agent, 'state'> & { state: 'alive' | 'dead' | 'left' };

interface AgentRow {
  id: string;
  name: string;
  project: string | null;
  identity: string | null;
  purpose: string | null;
  pid: number | null;
  registered_at: number;
  heartbeat_at: number;
  timeout_ms: number;
  deadline: number;
  state: 'alive' | 'dead' | 'left';
  ended_at: number | null;
  end_reason: AgentEndReason | null;
  salvage: SalvageState | null;
}

const toStored = (row: AgentRow): StoredAgent => ({
  id: row.id,
  name: row.name,
  project: row.project,
  identity: row.identity,
  purpose: row.purpose,
  pid: row.pid,
  registeredAt: row.registered_at,
  heartbeatAt: row.heartbeat_at,
  timeoutMs: row.timeout_ms,
  state: row.state,
  endedAt: row.ended_at,
  endReason: row.end_reason,
  salvage: row.salvage,
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
  const byId = db.prepare('SELECT * FROM agents WHERE id = ?');
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
  const heartbeat = db.prepare(
    `UPDATE agents SET heartbeat_at = @now, deadline = @now + timeout_ms
     WHERE id = @id AND state = 'alive' RETURNING *`,
  );
  const touch = db.prepare(
    `UPDATE agents SET heartbeat_at = @now, deadline = @now + timeout_ms
     WHERE id = @id AND state = 'alive'`,
  );
  const end = db.prepare(
    `UPDATE agents SET state = @state, ended_at = @now, end_reason = @reason
     WHERE id = @id AND state = 'alive'`,
  );
  const setSalvage = db.prepare('UPDATE agents SET salvage = ? WHERE id = ?');
  const timedOut = db.prepare(
    "SELECT * FROM agents WHERE state = 'alive' AND deadline <= ? ORDER BY deadline, registered_at, id",
  );
  const withPid = db.prepare(
    "SELECT id, pid FROM agents WHERE state = 'alive' AND pid IS NOT NULL ORDER BY pid",
  );
  const live = db.prepare("SELECT * FROM agents WHERE state = 'alive' ORDER BY registered_at, id");
  const all = db.prepare('SELECT * FROM agents ORDER BY registered_at, id');
  const liveIn = db.prepare(
    "SELECT * FROM agents WHERE project = ? AND state = 'alive' ORDER BY registered_at, id",
  );
  const allIn = db.prepare('SELECT * FROM agents WHERE project = ? ORDER BY registered_at, id');
  const awaiting = db.prepare(
    `SELECT * FROM agents WHERE ${AWAITING_SALVAGE} ORDER BY ended_at, registered_at, id`,
  );
  const awaitingIn = db.prepare(
    `SELECT * FROM agents WHERE project = ? AND ${AWAITING_SALVAGE} ORDER BY ended_at, registered_at, id`,
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
