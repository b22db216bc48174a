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
-- The bytes kept in all, kept up to date by triggers so the total cap never scans the blobs.
CREATE TABLE snapshot_usage (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  kept_bytes INTEGER NOT NULL
) STRICT;
INSERT INTO snapshot_usage (id, kept_bytes) VALUES (1, 0);
CREATE TRIGGER snapshots_kept_added AFTER INSERT ON snapshots WHEN NEW.skipped IS NULL
BEGIN
  UPDATE snapshot_usage SET kept_bytes = kept_bytes + NEW.size WHERE id = 1;
END;
CREATE TRIGGER snapshots_kept_removed AFTER DELETE ON snapshots WHEN OLD.skipped IS NULL
BEGIN
  UPDATE snapshot_usage SET kept_bytes = kept_bytes - OLD.size WHERE id = 1;
END;
`;
