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

export interface FileClaimInput {
  agentId: string;
  sessionId: string | null;
  /** Absolute path of the git root (worktree root) the paths are relative to. */
  root: string;
  /** Paths or picomatch globs relative to root. */
  paths: string[];
  shared?: boolean | undefined;
  ttlMs?: number | undefined;
}

export interface FileClaim {
  id: number;
  root: string;
  /** Normalised path or glob relative to root. */
  pattern: string;
  agentId: string;
  sessionId: string | null;
  shared: boolean;
  /** Fencing token: the store revision that granted the claim. */
  token: number;
  claimedAt: number;
  expiresAt: number | null;
  /** Released claims are kept as history (salvage reads a dead session's file list). */
  releasedAt: number | null;
  releaseReason: string | null;
}

/** The async part of a claim (normalising, listing the repo's files), done before the transaction. */
export interface PreparedFileClaim {
  input: FileClaimInput;
  patterns: string[];
  repoFiles: readonly string[];
}

/** Advisory file claims (contract for the other domains; to be written). */
export class FileClaims {
  constructor(protected readonly deps: FileClaimsDeps) {}

  /** Validates and normalises the paths and lists the repo's files; writes nothing. */
  prepareClaim(input: FileClaimInput): Promise<PreparedFileClaim> {
    return Promise.resolve({ input, patterns: [], repoFiles: [] });
  }

  /** Synchronous, so a caller can run it inside its own transaction; throws FILES_CLAIMED (409). */
  commitClaim(_prepared: PreparedFileClaim, _sessionId?: string | null): FileClaim[] {
    return [];
  }

  /** Active claims, optionally of one session. */
  list(_filter: { sessionId?: string; agentId?: string } = {}): FileClaim[] {
    return [];
  }

  /** A session's claims, released ones too when asked (salvage re-claims them). */
  bySession(_sessionId: string, _options: { includeReleased?: boolean } = {}): FileClaim[] {
    return [];
  }

  /** Releases every claim the agent holds (it died, left or finished); returns how many. */
  releaseByAgent(_agentId: string, _reason: string): number {
    return 0;
  }

  releaseBySession(_sessionId: string, _reason: string): number {
    return 0;
  }
}
