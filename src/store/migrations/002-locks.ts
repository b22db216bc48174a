/** Named locks: one row per held lock; its token is the store revision that granted it. */
export const locksMigration = `
CREATE TABLE locks (
  name        TEXT PRIMARY KEY,
  owner       TEXT NOT NULL,
  pid         INTEGER,
  token       INTEGER NOT NULL,
  acquired_at INTEGER NOT NULL,
  ttl_ms      INTEGER,
  expires_at  INTEGER
) STRICT, WITHOUT ROWID;
`;
