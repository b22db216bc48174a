import type { Db } from '../../store/index.js';

export interface FileClaim {
  id: number;
  root: string;
  /** Normalised path or glob relative to root. */
  pattern: string;
  agentId: string;
  sessionId: string | null;
  shared: boolean;
  /** Fencing token: the store revision that granted the claim. */
  token: number;
  claimedAt: number;
  expiresAt: number | null;
  /** Released claims are kept as history (salvage reads a dead session's file list). */
  releasedAt: number | null;
  releaseReason: string | null;
}

interface FileClaimRow {
  id: number;
  root: string;
  pattern: string;
  agent_id: string;
  session_id: string | null;
  shared: number;
  token: number;
  claimed_at: number;
  expires_at: number | null;
  released_at: number | null;
  release_reason: string | null;
}

const toClaim = (row: FileClaimRow): FileClaim => ({
  id: row.id,
  root: row.root,
  pattern: row.pattern,
  agentId: row.agent_id,
  sessionId: row.session_id,
  shared: row.shared === 1,
  token: row.token,
  claimedAt: row.claimed_at,
  expiresAt: row.expires_at,
  releasedAt: row.released_at,
  releaseReason: row.release_reason,
});

export type NewFileClaim = Omit<FileClaim, 'id' | 'releasedAt' | 'releaseReason'>;

/** The SQL of the file claims domain, prepared once. */
export function filesTable(db: Db) {
  const live = db.prepare(
    'SELECT * FROM file_claims WHERE released_at IS NULL ORDER BY root, pattern, id',
  );
  const liveInRoot = db.prepare(
    'SELECT * FROM file_claims WHERE released_at IS NULL AND root = ? ORDER BY pattern, id',
  );
  const liveByAgent = db.prepare(
    'SELECT * FROM file_claims WHERE released_at IS NULL AND agent_id = ? ORDER BY root, pattern',
  );
  const bySession = db.prepare('SELECT * FROM file_claims WHERE session_id = ? ORDER BY id');
  const held = db.prepare(
    `SELECT * FROM file_claims
     WHERE released_at IS NULL AND root = ? AND pattern = ? AND agent_id = ?`,
  );
  const expired = db.prepare(
    'SELECT * FROM file_claims WHERE released_at IS NULL AND expires_at <= ? ORDER BY id',
  );
  const insert = db.prepare(
    `INSERT INTO file_claims
       (root, pattern, agent_id, session_id, shared, token, claimed_at, expires_at)
     VALUES (@root, @pattern, @agentId, @sessionId, @shared, @token, @claimedAt, @expiresAt)
     RETURNING *`,
  );
  const renew = db.prepare(
    `UPDATE file_claims SET shared = ?, session_id = ?, expires_at = ? WHERE id = ? RETURNING *`,
  );
  const release = db.prepare(
    'UPDATE file_claims SET released_at = ?, release_reason = ? WHERE id = ? AND released_at IS NULL',
  );
  const pruneReleased = db.prepare(
    'DELETE FROM file_claims WHERE released_at IS NOT NULL AND released_at < ?',
  );
  const rows = (statement: { all(...args: unknown[]): unknown[] }, ...args: unknown[]) =>
    (statement.all(...args) as FileClaimRow[]).map(toClaim);
  return {
    live: () => rows(live),
    liveInRoot: (root: string) => rows(liveInRoot, root),
    liveByAgent: (agentId: string) => rows(liveByAgent, agentId),
    bySession: (sessionId: string) => rows(bySession, sessionId),
    held: (root: string, pattern: string, agentId: string) => {
      const row = held.get(root, pattern, agentId) as FileClaimRow | undefined;
      return row ? toClaim(row) : undefined;
    },
    expired: (now: number) => rows(expired, now),
    insert: (claim: NewFileClaim) =>
      toClaim(insert.get({ ...claim, shared: claim.shared ? 1 : 0 }) as FileClaimRow),
    renew: (id: number, shared: boolean, sessionId: string | null, expiresAt: number | null) =>
      toClaim(renew.get(shared ? 1 : 0, sessionId, expiresAt, id) as FileClaimRow),
    release: (id: number, at: number, reason: string) => release.run(at, reason, id).changes > 0,
    pruneReleased: (before: number) => pruneReleased.run(before).changes,
  };
}
