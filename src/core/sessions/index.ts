export { Sessions, type SessionsDeps, type SessionSummary } from './sessions.js';
