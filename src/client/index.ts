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
export type { LockView, AcquireLockRequest } from '../api/locks.js';
export type { PublishRequest, MessageView, ResetView, MessageList } from '../api/pubsub.js';
export type { LocksClient } from './locks-client.js';
export type {
  PubSubClient,
  PublishOptions,
  StreamEvent,
  SubscribeOptions,
} from './pubsub-client.js';
