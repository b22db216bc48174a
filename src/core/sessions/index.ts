export { Sessions, type SessionsDeps, type SessionSummary } from './sessions.js';
export { MasterKeyError } from './master-key.js';
export {
  END_PHASES,
  NOTE_TYPES,
  OPEN_PHASES,
  PHASES,
  isOpenPhase,
  type BeginInput,
  type Note,
  type NoteFilter,
  type NoteInput,
  type NoteType,
  type Phase,
  type Session,
  type SessionFilter,
} from './session.js';
export {
  beginSession,
  endSession,
  type BeginSessionInput,
  type BegunSession,
  type SessionHoldings,
  type SessionWorkflowDeps,
} from './session-workflow.js';
