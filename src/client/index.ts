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
export type { ChannelsClient, ResolvedChannel, ResolveOptions } from './channels-client.js';
export type {
  ChannelScope,
  DeclaredChannelView,
  DiscoverResponse,
  ClearResponse,
} from '../api/channels.js';
export { physicalChannel, type GitPlace } from './physical-channel.js';
export type {
  InboxClient,
  InboxStreamEvent,
  InboxListOptions,
  WatchInboxOptions,
} from './inbox-client.js';
export type {
  InboxMessageView,
  InboxList,
  ReadInboxRequest,
  ReadInboxResult,
} from '../api/inbox.js';
export type { SessionsClient, SessionListOptions, NoteListOptions } from './sessions-client.js';
export type {
  SessionView,
  NoteView,
  BeginSessionRequest,
  BeginSessionAnswer,
  SessionChange,
  NoteRequest,
} from '../api/sessions.js';
export type { PhaseName, NoteTypeName } from '../api/session-phases.js';
export type { WebhooksClient } from './webhooks-client.js';
export type {
  WebhookView,
  WebhookAttemptView,
  AddWebhookRequest,
  AddedWebhook,
} from '../api/webhooks.js';
export type { BriefingClient } from './briefing-client.js';
export type {
  BriefingView,
  ChangeReportView,
  ChangelogView,
  SalvageCandidateView,
  SalvageClaimedView,
} from '../api/briefing.js';
export type {
  ServicesClient,
  ServiceView,
  ServiceUrlView,
  WaitResponse,
  DownResponse,
  UpRequest,
  DownRequest,
} from './services-client.js';
export { serviceHostname, parseServiceHostname, serviceUrl } from '../api/service-host.js';
