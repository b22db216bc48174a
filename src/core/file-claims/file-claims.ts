import type { Db, Revision } from '../../store/index.js';
import type { Clock } from '../clock.js';
import type { EventLog } from '../events/index.js';

export interface FileClaimsDeps {
  db: Db;
  clock: Clock;
  revision: Revision;
  events: EventLog;
  /** The purpose and agent of a session, for conflict messages. */
  sessionInfo: (sessionId: string) => { purpose: string; agentId: string } | undefined;
}

/** Advisory file claims (contract for the other domains; to be written). */
export class FileClaims {
  constructor(protected readonly deps: FileClaimsDeps) {}

  /** Releases every claim the agent holds (it died, left or finished). */
  releaseByAgent(_agentId: string, _reason: string): number {
    return 0;
  }
}
