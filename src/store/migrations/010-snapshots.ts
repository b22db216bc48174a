/**
 * Copies of claimed files, kept when their bytes change. `content` is NULL when the file was
 * too large to keep (`skipped` says why), so the listing still shows that it changed.
 */
export const snapshotsMigration = `
CREATE TABLE snapshots (
  id         INTEGER PRIMARY KEY,
  root       TEXT NOT NULL,
  path       TEXT NOT NULL,
  kind       TEXT NOT NULL,
  size       INTEGER NOT NULL,
  sha256     TEXT,
  at         INTEGER NOT NULL,
  agent_id   TEXT,
  session_id TEXT,
  skipped    TEXT,
  content    BLOB
) STRICT;
CREATE INDEX snapshots_by_file ON snapshots (root, path, id);
`;
