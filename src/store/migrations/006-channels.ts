/**
 * Declared channels: a logical name with a scope (global, repo, branch) and aliases. The client
 * resolves a repo- or branch-scoped name to a physical channel from git; the daemon only keeps
 * the declaration. Messages gain `reply_to`, the id a message answers (pd tube --reply-to).
 */
export const channelsMigration = `
CREATE TABLE declared_channels (
  name        TEXT PRIMARY KEY,
  scope       TEXT NOT NULL CHECK (scope IN ('global', 'repo', 'branch')),
  declared_at INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE channel_aliases (
  alias TEXT PRIMARY KEY,
  name  TEXT NOT NULL REFERENCES declared_channels (name) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
CREATE INDEX channel_aliases_name ON channel_aliases (name);

ALTER TABLE messages ADD COLUMN reply_to INTEGER;
`;
