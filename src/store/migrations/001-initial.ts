/**
 * Revision counter, port claims, remembered ports and the activity log. Tables keyed by text are
 * WITHOUT ROWID (one b-tree instead of two: less written per claim). Event ids use AUTOINCREMENT
 * so they never repeat, even after old events are pruned: subscribers resume by id.
 */
export const initialMigration = `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('revision', 0);

CREATE TABLE claims (
  identity     TEXT PRIMARY KEY,
  port         INTEGER NOT NULL UNIQUE,
  pid          INTEGER,
  owner        TEXT,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  ttl_ms       INTEGER,
  expires_at   INTEGER,
  revision     INTEGER NOT NULL,
  mod_revision INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX claims_expires_at ON claims (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX claims_pid ON claims (pid) WHERE pid IS NOT NULL;

-- The last port each identity held, so a released identity gets its port back when free.
CREATE TABLE port_memory (
  identity   TEXT PRIMARY KEY,
  port       INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE events (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  revision INTEGER NOT NULL,
  at       INTEGER NOT NULL,
  type     TEXT NOT NULL,
  subject  TEXT NOT NULL,
  data     TEXT NOT NULL
) STRICT;
`;
