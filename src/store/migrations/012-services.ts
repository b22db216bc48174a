/**
 * Services that pd up runs: one row per identity with the supervisor's last report (state, pid,
 * port, restarts), who hosts it (a foreground pd up, the daemon for pd up -d, or nobody: marked
 * ready by hand) and whether `pd integration ready` marked it ready.
 */
export const servicesMigration = `
CREATE TABLE services (
  identity     TEXT PRIMARY KEY,
  project      TEXT NOT NULL,
  name         TEXT NOT NULL,
  state        TEXT NOT NULL,
  pid          INTEGER,
  port         INTEGER,
  restarts     INTEGER NOT NULL DEFAULT 0,
  started_at   INTEGER,
  exit_code    INTEGER,
  message      TEXT,
  host         TEXT NOT NULL,
  host_pid     INTEGER,
  marked_ready INTEGER NOT NULL DEFAULT 0,
  log_file     TEXT,
  updated_at   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX services_project ON services (project, name);
`;
