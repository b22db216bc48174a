export { EventLog, type ActivityEvent } from './event-log.js';
