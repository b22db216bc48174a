/**
 * Advisory file claims: one row per claimed path or glob. Released rows stay, with when and
 * why, so salvage can read a dead session's file list; only live rows must be unique.
 */
export const fileClaimsMigration = `
CREATE TABLE file_claims (
  id             INTEGER PRIMARY KEY,
  root           TEXT NOT NULL,
  pattern        TEXT NOT NULL,
  agent_id       TEXT NOT NULL,
  session_id     TEXT,
  shared         INTEGER NOT NULL,
  token          INTEGER NOT NULL,
  claimed_at     INTEGER NOT NULL,
  expires_at     INTEGER,
  released_at    INTEGER,
  release_reason TEXT
) STRICT;
CREATE UNIQUE INDEX file_claims_live ON file_claims (root, pattern, agent_id)
  WHERE released_at IS NULL;
CREATE INDEX file_claims_live_agent ON file_claims (agent_id) WHERE released_at IS NULL;
CREATE INDEX file_claims_expiring ON file_claims (expires_at)
  WHERE released_at IS NULL AND expires_at IS NOT NULL;
CREATE INDEX file_claims_session ON file_claims (session_id);
CREATE INDEX file_claims_released ON file_claims (released_at) WHERE released_at IS NOT NULL;
`;
