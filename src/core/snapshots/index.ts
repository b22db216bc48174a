export { Snapshots, type SnapshotsDeps } from './snapshots.js';
