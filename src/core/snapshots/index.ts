export {
  Snapshots,
  type ActiveClaim,
  type RestoreResult,
  type SnapshotsDeps,
} from './snapshots.js';
export { DEFAULT_SNAPSHOT_LIMITS, type SnapshotLimits } from './snapshot-limits.js';
export type { Snapshot, SnapshotKind } from './snapshots-table.js';
