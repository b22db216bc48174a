import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Db, Revision } from '../../store/index.js';
import type { Clock } from '../clock.js';
import type { EventLog } from '../events/index.js';
import type { SnapshotLimits } from './snapshot-limits.js';
import {
  snapshotsTable,
  type Snapshot,
  type SnapshotFilter,
  type SnapshotKind,
} from './snapshots-table.js';

export interface SnapshotStoreDeps {
  db: Db;
  clock: Clock;
  revision: Revision;
  events: EventLog;
  limits: SnapshotLimits;
}

/** A file of a claim and who holds it, for the copies taken of it. */
export interface SnapshotTarget {
  root: string;
  path: string;
  agentId: string | null;
  sessionId: string | null;
}

export type KeepResult =
  { snapshot: Snapshot; kept: true } | { snapshot: Snapshot | undefined; kept: false };

// How many of the oldest rows one pass of the total-size pruning looks at.
const PRUNE_BATCH = 100;

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Copies of files in SQLite, bounded per file and in total; no file system access here. */
export class SnapshotStore {
  private readonly table;

  constructor(private readonly deps: SnapshotStoreDeps) {
    this.table = snapshotsTable(deps.db);
  }

  /**
   * Keeps a copy of `bytes` unless the file's last copy has the same sha256 (then answers that
   * copy with kept: false). Files over the size cap get a row without content.
   */
  keep(target: SnapshotTarget, kind: SnapshotKind, bytes: Buffer): KeepResult {
    if (bytes.length > this.deps.limits.maxFileBytes) {
      return this.keepSkipped(target, kind, bytes.length);
    }
    const digest = sha256(bytes);
    const latest = this.table.latest(target.root, target.path);
    if (latest && latest.sha256 === digest) return { snapshot: latest, kept: false };
    return { snapshot: this.insert(target, kind, bytes.length, digest, null, bytes), kept: true };
  }

  /** Records that the file changed but was too large to copy (once per size, not per write). */
  keepSkipped(target: SnapshotTarget, kind: SnapshotKind, size: number): KeepResult {
    const latest = this.table.latest(target.root, target.path);
    if (latest && latest.skipped !== null && latest.size === size) {
      return { snapshot: latest, kept: false };
    }
    return { snapshot: this.insert(target, kind, size, null, 'too-large', null), kept: true };
  }

  get(id: number): Snapshot | undefined {
    return this.table.get(id);
  }

  /** The kept bytes, or null when the copy was skipped (or is gone). */
  content(id: number): Buffer | null {
    return this.table.content(id);
  }

  latest(root: string, file: string): Snapshot | undefined {
    return this.table.latest(root, file);
  }

  list(filter: SnapshotFilter): Snapshot[] {
    return this.table.list(filter);
  }

  count(): number {
    return this.table.count();
  }

  keptBytes(): number {
    return this.table.keptBytes();
  }

  private insert(
    target: SnapshotTarget,
    kind: SnapshotKind,
    size: number,
    digest: string | null,
    skipped: string | null,
    content: Buffer | null,
  ): Snapshot {
    const { events, revision, clock } = this.deps;
    return events.transact(() => {
      const rev = revision.next();
      const snapshot: Snapshot = {
        id: 0,
        ...target,
        kind,
        size,
        sha256: digest,
        at: clock.now(),
        skipped,
      };
      snapshot.id = this.table.insert({ ...snapshot, content });
      const pruned = this.pruneFile(target.root, target.path) + this.pruneTotal(snapshot.id);
      // A glob claim takes a baseline of every file it covers: bookkeeping, not news for the
      // activity log (it would bury everything else); copies of changes and restores are.
      if (kind === 'baseline') return snapshot;
      events.append(rev, 'snapshot.taken', path.join(target.root, target.path), {
        id: snapshot.id,
        root: target.root,
        path: target.path,
        kind,
        size,
        sha256: digest,
        skipped,
        agent: target.agentId,
        session: target.sessionId,
        pruned,
      });
      return snapshot;
    });
  }

  /**
   * Keeps the newest copies of one file. The newest baseline (the bytes before the current
   * claim's edits) outlives the change copies after it, so a long session can still go back.
   */
  private pruneFile(root: string, file: string): number {
    const max = this.deps.limits.maxCopiesPerFile;
    const history = this.table.history(root, file);
    if (history.length <= max) return 0;
    const baseline = history.find((row) => row.kind === 'baseline');
    const keepBaseline = baseline !== undefined && history.indexOf(baseline) >= max && max > 1;
    const kept = new Set(history.slice(0, keepBaseline ? max - 1 : max).map((row) => row.id));
    if (keepBaseline) kept.add(baseline.id);
    let removed = 0;
    for (const row of history) {
      if (kept.has(row.id)) continue;
      this.table.remove(row.id);
      removed++;
    }
    return removed;
  }

  /** Drops the oldest copies of any file until the kept content fits the total cap. */
  private pruneTotal(newestId: number): number {
    let over = this.table.keptBytes() - this.deps.limits.maxTotalBytes;
    let removed = 0;
    while (over > 0) {
      const oldest = this.table.oldest(PRUNE_BATCH).filter((row) => row.id !== newestId);
      if (oldest.length === 0) break;
      for (const row of oldest) {
        if (over <= 0) break;
        this.table.remove(row.id);
        removed++;
        if (row.kept) over -= row.size;
      }
    }
    return removed;
  }
}
