export {
  FileClaims,
  RELEASED_HISTORY_MS,
  type FileCheck,
  type FileClaim,
  type FileClaimInput,
  type FileClaimsDeps,
  type PathCheck,
  type PreparedFileClaim,
} from './file-claims.js';
export type { FileConflict, Holder } from './claim-conflicts.js';
export { globsMayOverlap, patternCovers, patternsOverlap } from './glob-overlap.js';
export { RepoFiles } from './repo-files.js';
