export {
  LockManager,
  checkLockName,
  type AcquireInput,
  type LockManagerDeps,
  type LockReleaseReason,
} from './lock-manager.js';
export type { Lock } from './locks-table.js';
