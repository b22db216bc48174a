/** How much the daemon keeps; documented in docs/snapshots.md. */
export interface SnapshotLimits {
  /** Copies kept per file; the oldest go first (the newest baseline is kept while it can be). */
  maxCopiesPerFile: number;
  /** Files larger than this are not copied; the listing shows them as skipped. */
  maxFileBytes: number;
  /** Content kept over every file of the data dir; the oldest copies go first. */
  maxTotalBytes: number;
  /** Writes to one file closer together than this make one copy. */
  debounceMs: number;
  /** Files a glob claim copies when it starts; past this the baseline stops (and says so). */
  maxBaselineFiles: number;
}

export const DEFAULT_SNAPSHOT_LIMITS: SnapshotLimits = {
  maxCopiesPerFile: 20,
  maxFileBytes: 1024 * 1024,
  maxTotalBytes: 100 * 1024 * 1024,
  debounceMs: 200,
  maxBaselineFiles: 1000,
};
