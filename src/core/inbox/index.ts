export {
  Inboxes,
  checkAgentId,
  DEFAULT_WATCH_PENDING_BYTES,
  type InboxesDeps,
  type InboxListing,
  type ListOptions,
  type SendInput,
} from './inboxes.js';
export type { InboxMessage, InboxCounts } from './inbox-table.js';
export {
  InboxWatcher,
  type InboxSink,
  type InboxWatchEvent,
  type InboxListener,
} from './inbox-watcher.js';
