import type { Db } from '../../store/index.js';

/** Why a copy was kept: the claim began, the bytes changed, or a restore happened. */
export type SnapshotKind = 'baseline' | 'change' | 'pre-restore' | 'restore';

export interface Snapshot {
  id: number;
  /** Absolute worktree root of the claim. */
  root: string;
  /** Relative to root, with '/' separators. */
  path: string;
  kind: SnapshotKind;
  size: number;
  /** Null when the content was not kept. */
  sha256: string | null;
  at: number;
  agentId: string | null;
  sessionId: string | null;
  /** Why no content was kept ('too-large'), else null. */
  skipped: string | null;
}

export type NewSnapshot = Omit<Snapshot, 'id'> & { content: Buffer | null };

export interface SnapshotFilter {
  root?: string | undefined;
  path?: string | undefined;
  limit: number;
}

interface SnapshotRow {
  id: number;
  root: string;
  path: string;
  kind: SnapshotKind;
  size: number;
  sha256: string | null;
  at: number;
  agent_id: string | null;
  session_id: string | null;
  skipped: string | null;
}

const toSnapshot = (row: SnapshotRow): Snapshot => ({
  id: row.id,
  root: row.root,
  path: row.path,
  kind: row.kind,
  size: row.size,
  sha256: row.sha256,
  at: row.at,
  agentId: row.agent_id,
  sessionId: row.session_id,
  skipped: row.skipped,
});

// Every column but the content, so listing never reads the blobs.
const COLUMNS = 'id, root, path, kind, size, sha256, at, agent_id, session_id, skipped';

/** The SQL of the snapshots domain, prepared once. */
export function snapshotsTable(db: Db) {
  const insert = db.prepare(
    `INSERT INTO snapshots (root, path, kind, size, sha256, at, agent_id, session_id, skipped, content)
     VALUES (@root, @path, @kind, @size, @sha256, @at, @agentId, @sessionId, @skipped, @content)
     RETURNING id`,
  );
  const byId = db.prepare(`SELECT ${COLUMNS} FROM snapshots WHERE id = ?`);
  const contentById = db.prepare('SELECT content FROM snapshots WHERE id = ?').pluck();
  const latest = db.prepare(
    `SELECT ${COLUMNS} FROM snapshots WHERE root = ? AND path = ? ORDER BY id DESC LIMIT 1`,
  );
  const fileHistory = db.prepare(
    'SELECT id, kind FROM snapshots WHERE root = ? AND path = ? ORDER BY id DESC',
  );
  const listAll = db.prepare(`SELECT ${COLUMNS} FROM snapshots ORDER BY id DESC LIMIT ?`);
  const listRoot = db.prepare(
    `SELECT ${COLUMNS} FROM snapshots WHERE root = ? ORDER BY id DESC LIMIT ?`,
  );
  const listPath = db.prepare(
    `SELECT ${COLUMNS} FROM snapshots WHERE path = ? ORDER BY id DESC LIMIT ?`,
  );
  const listFile = db.prepare(
    `SELECT ${COLUMNS} FROM snapshots WHERE root = ? AND path = ? ORDER BY id DESC LIMIT ?`,
  );
  const remove = db.prepare('DELETE FROM snapshots WHERE id = ?');
  const keptBytes = db.prepare('SELECT kept_bytes FROM snapshot_usage WHERE id = 1').pluck();
  const oldest = db.prepare(
    'SELECT id, size, skipped IS NULL AS kept FROM snapshots ORDER BY id LIMIT ?',
  );
  const count = db.prepare('SELECT COUNT(*) FROM snapshots').pluck();

  return {
    insert: (snapshot: NewSnapshot) => (insert.get(snapshot) as { id: number }).id,
    get: (id: number) => {
      const row = byId.get(id) as SnapshotRow | undefined;
      return row ? toSnapshot(row) : undefined;
    },
    content: (id: number) => (contentById.get(id) as Buffer | null | undefined) ?? null,
    latest: (root: string, path: string) => {
      const row = latest.get(root, path) as SnapshotRow | undefined;
      return row ? toSnapshot(row) : undefined;
    },
    /** Ids and kinds of one file's copies, newest first. */
    history: (root: string, path: string) =>
      fileHistory.all(root, path) as { id: number; kind: SnapshotKind }[],
    list: (filter: SnapshotFilter) => {
      const { root, path, limit } = filter;
      const rows =
        root !== undefined && path !== undefined
          ? listFile.all(root, path, limit)
          : root !== undefined
            ? listRoot.all(root, limit)
            : path !== undefined
              ? listPath.all(path, limit)
              : listAll.all(limit);
      return (rows as SnapshotRow[]).map(toSnapshot);
    },
    remove: (id: number) => remove.run(id),
    /** Bytes of content kept, over every file. */
    keptBytes: () => keptBytes.get() as number,
    oldest: (limit: number) => oldest.all(limit) as { id: number; size: number; kept: 0 | 1 }[],
    count: () => count.get() as number,
  };
}

export type SnapshotsTable = ReturnType<typeof snapshotsTable>;
