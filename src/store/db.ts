import Database from 'better-sqlite3';
import { migrations, type Migration } from './migrations/index.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Tests use ':memory:'. */
  path: string;
  migrations?: readonly Migration[];
}

/** Opens the database in WAL mode and applies pending migrations, each in its own transaction. */
export function openDatabase(options: OpenOptions): Db {
  const db = new Database(options.path);
  if (options.path !== ':memory:') {
    // One daemon owns the file (see instance-lock): exclusive mode skips the shared-memory
    // index and its locks on every statement. Set before WAL so no -shm file is used.
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    // Checkpoints (which fsync) run on a timer via `checkpoint`, not inside a request's commit.
    db.pragma('wal_autocheckpoint = 0');
  }
  // NORMAL with WAL: a committed transaction survives a crash of the daemon (kill -9); only an
  // OS crash or power loss may roll back the last moments, and never corrupts the file.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, options.migrations ?? migrations);
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Db, list: readonly Migration[]): void {
  const current = schemaVersion(db);
  for (const migration of list) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

/** Copies the WAL into the database file; the WAL is then reused from its start. */
export function checkpoint(db: Db): void {
  db.pragma('wal_checkpoint(PASSIVE)');
}

export function integrityCheck(db: Db): string[] {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((row) => row.integrity_check);
}
