export { FileClaims, type FileClaimsDeps } from './file-claims.js';
