export {
  FileClaims,
  type FileClaim,
  type FileClaimInput,
  type FileClaimsDeps,
  type PreparedFileClaim,
} from './file-claims.js';
