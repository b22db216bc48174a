export { Recovery, type RecoveryDeps, type ReleasedHoldings } from './recovery.js';
