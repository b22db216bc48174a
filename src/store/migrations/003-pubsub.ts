/**
 * Channels and their retained messages. Message ids come from one AUTOINCREMENT sequence for every
 * channel, so they only grow, across channels, pruning and restarts: subscribers resume by id.
 * A channel row counts what it retains and what retention dropped, for the `reset` event.
 */
export const pubsubMigration = `
CREATE TABLE messages (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  channel TEXT NOT NULL,
  at      INTEGER NOT NULL,
  sender  TEXT,
  signal  TEXT,
  body    TEXT NOT NULL
) STRICT;
CREATE INDEX messages_channel_id ON messages (channel, id);

CREATE TABLE channels (
  name           TEXT PRIMARY KEY,
  retained       INTEGER NOT NULL,
  last_id        INTEGER NOT NULL,
  pruned         INTEGER NOT NULL DEFAULT 0,
  pruned_through INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;
`;
