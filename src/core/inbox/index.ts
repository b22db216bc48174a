export { Inboxes, type InboxesDeps } from './inboxes.js';
