import type { Db } from '../../store/index.js';

export interface Lock {
  name: string;
  owner: string;
  pid: number | null;
  /** The store revision that granted the lock: a fencing token, greater than any before it. */
  token: number;
  acquiredAt: number;
  ttlMs: number | null;
  expiresAt: number | null;
}

interface LockRow {
  name: string;
  owner: string;
  pid: number | null;
  token: number;
  acquired_at: number;
  ttl_ms: number | null;
  expires_at: number | null;
}

const toLock = (row: LockRow): Lock => ({
  name: row.name,
  owner: row.owner,
  pid: row.pid,
  token: row.token,
  acquiredAt: row.acquired_at,
  ttlMs: row.ttl_ms,
  expiresAt: row.expires_at,
});

/** The SQL of the locks domain, prepared once. */
export function locksTable(db: Db) {
  const byName = db.prepare('SELECT * FROM locks WHERE name = ?');
  const all = db.prepare('SELECT * FROM locks ORDER BY name');
  const insert = db.prepare(
    `INSERT INTO locks (name, owner, pid, token, acquired_at, ttl_ms, expires_at)
     VALUES (@name, @owner, @pid, @token, @acquiredAt, @ttlMs, @expiresAt)`,
  );
  const extend = db.prepare('UPDATE locks SET ttl_ms = ?, expires_at = ? WHERE name = ?');
  const remove = db.prepare('DELETE FROM locks WHERE name = ?');
  const count = db.prepare('SELECT COUNT(*) FROM locks').pluck();
  return {
    get: (name: string) => {
      const row = byName.get(name) as LockRow | undefined;
      return row ? toLock(row) : undefined;
    },
    all: () => (all.all() as LockRow[]).map(toLock),
    insert: (lock: Lock) => insert.run(lock),
    extend: (name: string, ttlMs: number | null, expiresAt: number | null) =>
      extend.run(ttlMs, expiresAt, name),
    remove: (name: string) => remove.run(name),
    count: () => count.get() as number,
  };
}
