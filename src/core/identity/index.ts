export {
  parseIdentity,
  parsePattern,
  prefixUpperBound,
  MAX_SEGMENT_LENGTH,
  type Identity,
  type IdentityPattern,
} from './parse-identity.js';
