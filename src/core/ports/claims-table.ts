import type { Db } from '../../store/index.js';

export interface Claim {
  identity: string;
  port: number;
  pid: number | null;
  owner: string | null;
  createdAt: number;
  updatedAt: number;
  ttlMs: number | null;
  expiresAt: number | null;
  /** The store revision that created this claim: its fencing token. */
  revision: number;
  modRevision: number;
}

interface ClaimRow {
  identity: string;
  port: number;
  pid: number | null;
  owner: string | null;
  created_at: number;
  updated_at: number;
  ttl_ms: number | null;
  expires_at: number | null;
  revision: number;
  mod_revision: number;
}

function toClaim(row: ClaimRow): Claim {
  return {
    identity: row.identity,
    port: row.port,
    pid: row.pid,
    owner: row.owner,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ttlMs: row.ttl_ms,
    expiresAt: row.expires_at,
    revision: row.revision,
    modRevision: row.mod_revision,
  };
}

/** Prefix lookups (`pd find myapp:*`) walk this range of the primary key instead of the table. */
export const SELECT_IN_RANGE =
  'SELECT * FROM claims WHERE identity >= ? AND identity < ? ORDER BY identity';

/** The SQL of the ports domain, prepared once. */
export function claimsTable(db: Db) {
  const byIdentity = db.prepare('SELECT * FROM claims WHERE identity = ?');
  const byPort = db.prepare('SELECT * FROM claims WHERE port = ?');
  const portTaken = db.prepare('SELECT 1 FROM claims WHERE port = ?').pluck();
  const inRange = db.prepare(SELECT_IN_RANGE);
  const all = db.prepare('SELECT * FROM claims ORDER BY identity');
  const insert = db.prepare(
    `INSERT INTO claims (identity, port, pid, owner, created_at, updated_at, ttl_ms, expires_at, revision, mod_revision)
     VALUES (@identity, @port, @pid, @owner, @createdAt, @updatedAt, @ttlMs, @expiresAt, @revision, @modRevision)`,
  );
  const renew = db.prepare(
    `UPDATE claims SET pid = @pid, owner = @owner, ttl_ms = @ttlMs, expires_at = @expiresAt,
     updated_at = @updatedAt, mod_revision = @modRevision WHERE identity = @identity`,
  );
  const remove = db.prepare('DELETE FROM claims WHERE identity = ?');
  const expired = db.prepare(
    'SELECT * FROM claims WHERE expires_at IS NOT NULL AND expires_at <= ?',
  );
  const withPid = db.prepare('SELECT * FROM claims WHERE pid IS NOT NULL');
  const count = db.prepare('SELECT COUNT(*) FROM claims').pluck();
  const rememberedPort = db.prepare('SELECT port FROM port_memory WHERE identity = ?').pluck();
  const remember = db.prepare(
    `INSERT INTO port_memory (identity, port, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (identity) DO UPDATE SET port = excluded.port, updated_at = excluded.updated_at`,
  );

  const rows = (statement: { all: (...args: unknown[]) => unknown[] }, ...args: unknown[]) =>
    (statement.all(...args) as ClaimRow[]).map(toClaim);
  const row = (found: unknown) => (found ? toClaim(found as ClaimRow) : undefined);

  return {
    byIdentity: (identity: string) => row(byIdentity.get(identity)),
    byPort: (port: number) => row(byPort.get(port)),
    isPortTaken: (port: number) => portTaken.get(port) !== undefined,
    inRange: (from: string, to: string) => rows(inRange, from, to),
    all: () => rows(all),
    insert: (claim: Claim) => insert.run(claim),
    renew: (claim: Claim) => renew.run(claim),
    remove: (identity: string) => remove.run(identity),
    expired: (now: number) => rows(expired, now),
    withPid: () => rows(withPid),
    count: () => count.get() as number,
    rememberedPort: (identity: string) => rememberedPort.get(identity) as number | undefined,
    remember: (identity: string, port: number, at: number) => remember.run(identity, port, at),
  };
}

export type ClaimsTable = ReturnType<typeof claimsTable>;
