/**
 * Agents: who is working, their heartbeat and liveness. `alive` is stored; `stale` is computed
 * at read time from the heartbeat. `deadline` (heartbeat_at + timeout_ms) is kept as a column so
 * the reaper, which runs every 500 ms, finds timed-out agents through an index instead of a scan;
 * the partial indexes cover only live agents, so ended ones cost the reaper nothing.
 */
export const agentsMigration = `
CREATE TABLE agents (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  project       TEXT,
  identity      TEXT,
  purpose       TEXT,
  pid           INTEGER,
  registered_at INTEGER NOT NULL,
  heartbeat_at  INTEGER NOT NULL,
  timeout_ms    INTEGER NOT NULL CHECK (timeout_ms >= 1000),
  deadline      INTEGER NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('alive', 'dead', 'left')),
  ended_at      INTEGER,
  end_reason    TEXT CHECK (end_reason IN ('pid-dead', 'timeout', 'unregistered')),
  salvage       TEXT CHECK (salvage IN ('pending', 'claimed', 'dismissed'))
) STRICT, WITHOUT ROWID;
CREATE INDEX agents_alive_deadline ON agents (deadline) WHERE state = 'alive';
CREATE INDEX agents_alive_pid ON agents (pid) WHERE state = 'alive' AND pid IS NOT NULL;
CREATE INDEX agents_project ON agents (project, registered_at);
`;
