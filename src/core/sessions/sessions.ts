import type { Db, Revision } from '../../store/index.js';
import type { Clock } from '../clock.js';
import type { EventLog } from '../events/index.js';

export interface SessionsDeps {
  db: Db;
  clock: Clock;
  revision: Revision;
  events: EventLog;
  /** The master key file (mode 0600, made on first start) that wraps each session's note key. */
  masterKeyPath: string;
}

/** What other domains need to know of a session. */
export interface SessionSummary {
  id: string;
  agentId: string;
  purpose: string;
  phase: string;
}

/** Sessions and their encrypted notes (contract for the other domains; to be written). */
export class Sessions {
  constructor(protected readonly deps: SessionsDeps) {}

  /** The open session of an agent, if any. */
  activeFor(_agentId: string): SessionSummary | undefined {
    return undefined;
  }

  summary(_sessionId: string): SessionSummary | undefined {
    return undefined;
  }

  /** Marks the agent's open sessions `abandoned` (it died or left); notes are kept. */
  abandonByAgent(_agentId: string): SessionSummary[] {
    return [];
  }

  /**
   * Salvage: a new session for `toAgentId` with the old one's purpose, identity and project; the
   * old session's notes move to it, each side names the other, and a handoff note is recorded.
   */
  transfer(_fromSessionId: string, _toAgentId: string, _handoffNote: string): SessionSummary {
    throw new Error('sessions: not written yet');
  }

  /** The agent's most recent session (open or not), for salvage listings. */
  latestFor(_agentId: string): SessionSummary | undefined {
    return undefined;
  }
}
