import fs from 'node:fs/promises';
import nodePath from 'node:path';
import { PdError } from '../../api/errors.js';
import type { Db, Revision } from '../../store/index.js';
import type { Clock } from '../clock.js';
import type { EventLog } from '../events/index.js';
import {
  conflictMessage,
  findConflicts,
  patternHolds,
  type Holder,
  type HolderOf,
} from './claim-conflicts.js';
import { filesTable, type FileClaim } from './files-table.js';
import { patternsOverlap } from './glob-overlap.js';
import { isGlob, normalisePatterns, normaliseRoot } from './normalise-pattern.js';
import { RepoFiles } from './repo-files.js';

export type { FileClaim } from './files-table.js';

export interface FileClaimsDeps {
  db: Db;
  clock: Clock;
  revision: Revision;
  events: EventLog;
  /** The purpose and agent of a session, for conflict messages. */
  sessionInfo: (sessionId: string) => { purpose: string; agentId: string } | undefined;
  /** Lists a worktree's files (tests pass their own); default: git ls-files, cached 2 s. */
  repoFiles?: Pick<RepoFiles, 'list'>;
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

/** The async part of a claim (normalising, listing the repo's files), done before the transaction. */
export interface PreparedFileClaim {
  input: FileClaimInput;
  patterns: string[];
  repoFiles: readonly string[];
}

export interface PathCheck {
  /** The normalised path or glob that was checked. */
  path: string;
  /** free: nobody holds it; own: the caller holds it; held: another agent's claim is in the way. */
  state: 'free' | 'own' | 'held';
  /** The caller's patterns that hold it. */
  own: string[];
  /** Other agents' live claims overlapping it. */
  holders: (Holder & { pattern: string; shared: boolean; token: number })[];
}

export interface FileCheck {
  root: string;
  paths: PathCheck[];
  /** Paths the caller's claims do not hold. */
  uncovered: string[];
  /** Paths claimed by another agent's live claim. */
  conflicts: string[];
}

/** Released claims are kept this long, so salvage can still read what a dead session held. */
export const RELEASED_HISTORY_MS = 30 * 86_400_000;
const PRUNE_EVERY_MS = 60_000;

/**
 * Advisory file claims: paths or globs of a worktree, exclusive or shared, each grant carrying a
 * fencing token (the store revision). Conflicts are refused whole: all patterns or none.
 */
export class FileClaims {
  private readonly table;
  private readonly repoFiles: Pick<RepoFiles, 'list'>;
  private lastPrune = 0;

  constructor(protected readonly deps: FileClaimsDeps) {
    this.table = filesTable(deps.db);
    this.repoFiles = deps.repoFiles ?? new RepoFiles();
  }

  /** Validates and normalises the paths and lists the repo's files; writes nothing. */
  async prepareClaim(input: FileClaimInput): Promise<PreparedFileClaim> {
    const root = normaliseRoot(input.root);
    const stat = await fs.stat(root).catch(() => undefined);
    if (!stat?.isDirectory()) {
      throw new PdError('INVALID_INPUT', `invalid root "${root}": no such folder`, {
        issues: [{ path: 'root', message: 'no such folder' }],
      });
    }
    if (input.paths.length === 0) {
      throw new PdError('INVALID_INPUT', 'nothing to claim: give at least one path or glob', {
        issues: [{ path: 'paths', message: 'empty' }],
      });
    }
    const patterns = await normalisePatterns(root, input.paths);
    // Only a glob against a glob needs the repo's files (to find a file both match).
    const repoFiles = patterns.some(isGlob) ? await this.repoFiles.list(root) : [];
    return { input: { ...input, root }, patterns, repoFiles };
  }

  /** Synchronous, so a caller can run it inside its own transaction; throws FILES_CLAIMED (409). */
  commitClaim(prepared: PreparedFileClaim, sessionId?: string | null): FileClaim[] {
    const { input, patterns, repoFiles } = prepared;
    const session = sessionId === undefined ? input.sessionId : sessionId;
    const shared = input.shared ?? false;
    return this.deps.events.transact(() => {
      this.reapExpired();
      const others = this.table
        .liveInRoot(input.root)
        .filter((claim) => claim.agentId !== input.agentId);
      const conflicts = findConflicts(patterns, shared, others, repoFiles, this.holderOf);
      if (conflicts.length > 0) {
        throw new PdError('FILES_CLAIMED', conflictMessage(conflicts), { conflicts });
      }
      const now = this.deps.clock.now();
      const expiresAt = input.ttlMs === undefined ? null : now + input.ttlMs;
      let revision: number | undefined;
      const nextRevision = () => (revision ??= this.deps.revision.next());
      return patterns.map((pattern) => {
        const held = this.table.held(input.root, pattern, input.agentId);
        if (!held) {
          const token = nextRevision();
          const claim = this.table.insert({
            root: input.root,
            pattern,
            agentId: input.agentId,
            sessionId: session,
            shared,
            token,
            claimedAt: now,
            expiresAt,
          });
          this.deps.events.append(token, 'file.claimed', pattern, this.eventData(claim));
          return claim;
        }
        // Re-claiming what you hold renews it (mode, session, lease); it keeps its token.
        const keepSession = session ?? held.sessionId;
        const unchanged =
          held.shared === shared && held.sessionId === keepSession && held.expiresAt === expiresAt;
        if (unchanged) return held;
        const renewed = this.table.renew(held.id, shared, keepSession, expiresAt);
        this.deps.events.append(nextRevision(), 'file.renewed', pattern, {
          ...this.eventData(renewed),
          expiresAt,
        });
        return renewed;
      });
    });
  }

  /** Prepare and commit in one call, for a claim that is its own transaction. */
  async claim(input: FileClaimInput): Promise<FileClaim[]> {
    return this.commitClaim(await this.prepareClaim(input));
  }

  /** Active claims, optionally of one session, agent or root (400 for a relative root). */
  list(filter: { sessionId?: string; agentId?: string; root?: string } = {}): FileClaim[] {
    const now = this.deps.clock.now();
    if (filter.root !== undefined) filter = { ...filter, root: normaliseRoot(filter.root) };
    const claims =
      filter.agentId !== undefined
        ? this.table.liveByAgent(filter.agentId)
        : filter.root !== undefined
          ? this.table.liveInRoot(filter.root)
          : this.table.live();
    return claims.filter(
      (claim) =>
        (claim.expiresAt === null || claim.expiresAt > now) &&
        (filter.sessionId === undefined || claim.sessionId === filter.sessionId) &&
        (filter.agentId === undefined || claim.agentId === filter.agentId) &&
        (filter.root === undefined || claim.root === filter.root),
    );
  }

  /** A session's claims, released ones too when asked (salvage re-claims them). */
  bySession(sessionId: string, options: { includeReleased?: boolean } = {}): FileClaim[] {
    const claims = this.table.bySession(sessionId);
    return options.includeReleased ? claims : claims.filter((claim) => claim.releasedAt === null);
  }

  /** Who holds a claim and why: its agent, session and the session's purpose. */
  readonly holderOf: HolderOf = (claim) => ({
    agent: claim.agentId,
    session: claim.sessionId,
    purpose:
      claim.sessionId === null ? null : (this.deps.sessionInfo(claim.sessionId)?.purpose ?? null),
  });

  /**
   * Releases the agent's claims: all of them, those of one root, or the given paths (each must
   * be one it holds, else 404 and nothing is released).
   */
  async release(input: { agentId: string; root?: string; paths?: string[] }): Promise<FileClaim[]> {
    const root = input.root === undefined ? undefined : normaliseRoot(input.root);
    const held = this.list({ agentId: input.agentId, ...(root === undefined ? {} : { root }) });
    let chosen = held;
    if (input.paths !== undefined && input.paths.length > 0) {
      if (root === undefined) {
        throw new PdError('INVALID_INPUT', 'invalid release request: paths need a root', {
          issues: [{ path: 'root', message: 'required with paths' }],
        });
      }
      const heldPatterns = new Set(held.map((claim) => claim.pattern));
      // `docs` also names a `docs/**` claim, even once the folder is gone.
      const patterns = (await normalisePatterns(root, input.paths)).map((pattern) =>
        !heldPatterns.has(pattern) && heldPatterns.has(`${pattern}/**`) ? `${pattern}/**` : pattern,
      );
      const missing = patterns.filter((pattern) => !held.some((c) => c.pattern === pattern));
      if (missing.length > 0) {
        throw new PdError(
          'NOT_FOUND',
          `${input.agentId} holds no claim on ${missing.join(', ')} in ${root}`,
          { agent: input.agentId, root, missing },
        );
      }
      chosen = held.filter((claim) => patterns.includes(claim.pattern));
    }
    return this.releaseClaims(chosen, 'released');
  }

  /** Releases every claim the agent holds (it died, left or finished); returns how many. */
  releaseByAgent(agentId: string, reason: string): number {
    return this.releaseClaims(this.table.liveByAgent(agentId), reason).length;
  }

  releaseBySession(sessionId: string, reason: string): number {
    return this.releaseClaims(this.bySession(sessionId), reason).length;
  }

  /** Releases claims whose TTL ran out, and forgets released history past its keeping time. */
  reapExpired(): FileClaim[] {
    const now = this.deps.clock.now();
    const expired = this.releaseClaims(this.table.expired(now), 'expired');
    if (now - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = now;
      this.table.pruneReleased(now - RELEASED_HISTORY_MS);
    }
    return expired;
  }

  /** Who holds each path, for `pd files check`, `pd guard` and `pd add`. */
  async check(input: { agentId?: string; root: string; paths: string[] }): Promise<FileCheck> {
    const root = normaliseRoot(input.root);
    const patterns = await normalisePatterns(root, input.paths);
    const live = this.list({ root });
    const mine = live.filter((claim) => claim.agentId === input.agentId);
    const others = live.filter((claim) => claim.agentId !== input.agentId);
    const repoFiles = patterns.some(isGlob) ? await this.repoFiles.list(root) : [];
    // A glob-like name that is a real file (`app/[id].tsx`) is checked as that file.
    const isFile = await Promise.all(
      patterns.map(async (pattern) => {
        if (!isGlob(pattern)) return true;
        const stat = await fs.stat(nodePath.join(root, pattern)).catch(() => undefined);
        return stat?.isFile() ?? false;
      }),
    );
    const paths = patterns.map((path, index): PathCheck => {
      const own = mine.filter((claim) => patternHolds(claim.pattern, path, isFile[index]));
      const holders = others.filter((claim) => patternsOverlap(path, claim.pattern, repoFiles));
      // A shared claim of yours lets you work beside other shared holders; nothing else does.
      const sharing = own.some((claim) => claim.shared);
      const blocked = holders.some((claim) => !(claim.shared && sharing));
      const state = blocked ? 'held' : own.length > 0 ? 'own' : 'free';
      return {
        path,
        state,
        own: own.map((claim) => claim.pattern),
        holders: holders.map((claim) => ({
          ...this.holderOf(claim),
          pattern: claim.pattern,
          shared: claim.shared,
          token: claim.token,
        })),
      };
    });
    return {
      root,
      paths,
      uncovered: paths.filter((check) => check.own.length === 0).map((check) => check.path),
      conflicts: paths.filter((check) => check.state === 'held').map((check) => check.path),
    };
  }

  /** Marks the claims released (kept as history); one revision, one event per pattern. */
  private releaseClaims(claims: readonly FileClaim[], reason: string): FileClaim[] {
    if (claims.length === 0) return [];
    return this.deps.events.transact(() => {
      const revision = this.deps.revision.next();
      const now = this.deps.clock.now();
      const released: FileClaim[] = [];
      for (const claim of claims) {
        if (!this.table.release(claim.id, now, reason)) continue;
        released.push({ ...claim, releasedAt: now, releaseReason: reason });
        this.deps.events.append(revision, 'file.released', claim.pattern, {
          ...this.eventData(claim),
          reason,
        });
      }
      return released;
    });
  }

  private eventData(claim: FileClaim): Record<string, unknown> {
    return {
      root: claim.root,
      pattern: claim.pattern,
      agent: claim.agentId,
      session: claim.sessionId,
      shared: claim.shared,
      token: claim.token,
    };
  }
}
