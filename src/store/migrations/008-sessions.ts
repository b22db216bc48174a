/**
 * Sessions and their notes. Purpose, phase and ids are plaintext (listings and conflict messages
 * show them); note bodies and summaries are AES-256-GCM blobs (iv | tag | ciphertext) under the
 * session's data key, itself stored wrapped by the master key. Notes move between sessions on
 * salvage, so the new session shares the old one's wrapped key. Sessions keep a rowid so that
 * "latest" is well defined when two start in the same millisecond.
 */
export const sessionsMigration = `
CREATE TABLE sessions (
  id            TEXT PRIMARY KEY,
  agent_id      TEXT NOT NULL,
  project       TEXT,
  identity      TEXT,
  purpose       TEXT NOT NULL,
  phase         TEXT NOT NULL CHECK (phase IN
                  ('planning', 'in_progress', 'testing', 'reviewing', 'completed', 'abandoned')),
  worktree      TEXT,
  started_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  ended_at      INTEGER,
  summary       BLOB,
  wrapped_key   BLOB NOT NULL,
  salvaged_from TEXT,
  salvaged_to   TEXT,
  note_count    INTEGER NOT NULL DEFAULT 0
) STRICT;
-- One open session per agent, enforced by the store as well as by the code.
CREATE UNIQUE INDEX sessions_open_per_agent ON sessions (agent_id)
  WHERE phase NOT IN ('completed', 'abandoned');
CREATE INDEX sessions_agent ON sessions (agent_id, started_at);
CREATE INDEX sessions_project ON sessions (project, started_at);

CREATE TABLE notes (
  id         INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions (id),
  agent_id   TEXT NOT NULL,
  type       TEXT NOT NULL CHECK (type IN ('progress', 'finding', 'blocker', 'handoff')),
  pinned     INTEGER NOT NULL DEFAULT 0,
  at         INTEGER NOT NULL,
  body       BLOB NOT NULL
) STRICT;
CREATE INDEX notes_session ON notes (session_id, id);
CREATE INDEX notes_agent ON notes (agent_id, id);
CREATE INDEX notes_at ON notes (at);

-- Listings show each session's note count: kept on the session by the store itself, so a
-- briefing of 1,000 sessions reads 1,000 rows instead of counting 10,000 notes.
CREATE TRIGGER notes_counted AFTER INSERT ON notes BEGIN
  UPDATE sessions SET note_count = note_count + 1 WHERE id = NEW.session_id;
END;
CREATE TRIGGER notes_moved AFTER UPDATE OF session_id ON notes BEGIN
  UPDATE sessions SET note_count = note_count - 1 WHERE id = OLD.session_id;
  UPDATE sessions SET note_count = note_count + 1 WHERE id = NEW.session_id;
END;
CREATE TRIGGER notes_uncounted AFTER DELETE ON notes BEGIN
  UPDATE sessions SET note_count = note_count - 1 WHERE id = OLD.session_id;
END;
`;
