/**
 * Per-agent inboxes. Message ids come from one AUTOINCREMENT sequence for every agent, so they only
 * grow, across agents, pruning and restarts: a watcher resumes by id. `read_at` is set only by an
 * explicit read, never by listing. An inbox row counts what it retains and what retention dropped.
 */
export const inboxMigration = `
CREATE TABLE inbox_messages (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  agent   TEXT NOT NULL,
  at      INTEGER NOT NULL,
  sender  TEXT,
  body    TEXT NOT NULL,
  read_at INTEGER
) STRICT;
CREATE INDEX inbox_messages_agent_id ON inbox_messages (agent, id);
CREATE INDEX inbox_messages_unread ON inbox_messages (agent, id) WHERE read_at IS NULL;

CREATE TABLE inboxes (
  agent    TEXT PRIMARY KEY,
  retained INTEGER NOT NULL,
  dropped  INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;
`;
