export { PdClient, type PdClientOptions } from './pd-client.js';
export { DaemonUnreachableError } from './http-transport.js';
export { PdError, type ErrorCode } from '../api/errors.js';
export type {
  ClaimRequest,
  ClaimResponse,
  ClaimView,
  ClaimList,
  ReleaseResponse,
  WhoResponse,
} from '../api/ports.js';
export type { Health, Status, Integrity, ActivityEventView } from '../api/system.js';
