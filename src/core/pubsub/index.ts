export {
  PubSub,
  SYSTEM_EVENTS_CHANNEL,
  DEFAULT_RETENTION,
  type PubSubDeps,
  type PublishInput,
  type ReadResult,
  type Reset,
} from './pubsub.js';
export type { Message } from './messages-table.js';
export { Subscriber, type SubscriberEvent, type SubscriberSink } from './subscriber.js';
export { compilePattern, checkChannelName, isPattern } from './channel-pattern.js';
export {
  DeclaredChannels,
  checkDeclaredName,
  type DeclaredChannel,
  type ChannelStats,
} from './declared-channels.js';
