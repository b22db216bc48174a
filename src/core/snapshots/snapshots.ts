import path from 'node:path';
import { PdError } from '../../api/errors.js';
import type { Db, Revision } from '../../store/index.js';
import type { Clock } from '../clock.js';
import type { ActivityEvent, EventLog } from '../events/index.js';
import {
  ClaimWatcher,
  isLiteralPattern,
  type FileSeen,
  type WatchedClaim,
} from './claim-watcher.js';
import { readInsideRoot, writeInsideRoot } from './safe-file.js';
import { DEFAULT_SNAPSHOT_LIMITS, type SnapshotLimits } from './snapshot-limits.js';
import { SnapshotStore, type SnapshotTarget } from './snapshot-store.js';
import type { Snapshot, SnapshotFilter, SnapshotKind } from './snapshots-table.js';

export interface SnapshotsDeps {
  db: Db;
  clock: Clock;
  revision: Revision;
  events: EventLog;
  /** The active file claims at start-up (FileClaims.list()); later ones come as events. */
  activeClaims: () => readonly ActiveClaim[];
  limits?: Partial<SnapshotLimits> | undefined;
  /** Where trouble that answers no request goes (the daemon log). */
  warn?: ((message: string, fields: Record<string, unknown>) => void) | undefined;
}

export interface ActiveClaim {
  root: string;
  pattern: string;
  agentId: string;
  sessionId: string | null;
  token: number;
}

export interface RestoreResult {
  /** The copy whose bytes the file now holds. */
  restored: Snapshot;
  /** The copy of the bytes the file held just before (restore it to undo); null if it was missing. */
  previous: Snapshot | null;
}

/**
 * Copies of claimed files: while a claim is active its files are watched and each new version
 * is kept in SQLite (bounded), and any kept version can be written back.
 */
export class Snapshots {
  readonly limits: SnapshotLimits;
  private readonly store: SnapshotStore;
  private readonly watcher: ClaimWatcher;
  private readonly baselines = new Map<number, number>();
  private readonly unsubscribe: () => void;

  constructor(protected readonly deps: SnapshotsDeps) {
    this.limits = { ...DEFAULT_SNAPSHOT_LIMITS, ...deps.limits };
    this.store = new SnapshotStore({ ...deps, limits: this.limits });
    this.watcher = new ClaimWatcher({
      debounceMs: this.limits.debounceMs,
      onFile: (claim, file, seen) => this.capture(claim, file, seen),
      onError: (error, claim) =>
        this.warn('snapshot watcher failed', { root: claim.root, pattern: claim.pattern, error }),
    });
    this.unsubscribe = deps.events.subscribe((event) => this.onEvent(event));
    for (const claim of deps.activeClaims()) this.startWatching(claim);
  }

  list(filter: SnapshotFilter): Snapshot[] {
    return this.store.list(filter);
  }

  get(id: number): Snapshot {
    const snapshot = this.store.get(id);
    if (!snapshot) throw new PdError('NOT_FOUND', `no snapshot ${id}`, { id });
    return snapshot;
  }

  /** The kept bytes, or null when the file was over the size cap. */
  content(id: number): Buffer | null {
    this.get(id);
    return this.store.content(id);
  }

  /** Claims being watched now. */
  watched(): WatchedClaim[] {
    return this.watcher.claims();
  }

  /** Whether every watcher has finished scanning its files (tests wait on this). */
  get ready(): boolean {
    return this.watcher.ready;
  }

  /**
   * Writes a kept version back (atomically), first keeping the file's current bytes so the
   * restore can itself be undone.
   */
  restore(id: number, agentId: string | null = null): RestoreResult {
    const snapshot = this.get(id);
    const bytes = this.store.content(id);
    if (bytes === null) {
      throw new PdError(
        'NOT_RESTORABLE',
        `snapshot ${id} kept no bytes: ${snapshot.path} was over the ${this.limits.maxFileBytes}-byte cap`,
        { reason: 'not-kept', id },
      );
    }
    const claim = this.watcher.covering(snapshot.root, snapshot.path);
    const target: SnapshotTarget = {
      root: snapshot.root,
      path: snapshot.path,
      agentId: agentId ?? claim?.agentId ?? null,
      sessionId: claim?.sessionId ?? null,
    };
    const current = readInsideRoot(snapshot.root, snapshot.path, this.limits.maxFileBytes);
    if (current && 'tooLarge' in current) {
      throw new PdError(
        'NOT_RESTORABLE',
        `${snapshot.path} is ${current.tooLarge} bytes now, over the ${this.limits.maxFileBytes}-byte cap: its bytes could not be kept, so the restore could not be undone; move it aside first`,
        { reason: 'current-too-large', id, size: current.tooLarge },
      );
    }
    const { events, revision } = this.deps;
    return events.transact(() => {
      const previous = current
        ? this.store.keep(target, 'pre-restore', current.bytes).snapshot!
        : null;
      writeInsideRoot(snapshot.root, snapshot.path, bytes);
      const restored = this.store.keep(target, 'restore', bytes).snapshot!;
      events.append(revision.next(), 'snapshot.restored', path.join(snapshot.root, snapshot.path), {
        id,
        root: snapshot.root,
        path: snapshot.path,
        restored: restored.id,
        previous: previous?.id ?? null,
        agent: target.agentId,
      });
      return { restored, previous };
    });
  }

  /** Stops watching; quick and idempotent (the daemon does not wait for it). */
  close(): Promise<void> {
    this.unsubscribe();
    return this.watcher.close();
  }

  private onEvent(event: ActivityEvent): void {
    // Listeners run after the claim's commit, inside its request: a failure here must not fail it.
    try {
      this.followClaims(event);
    } catch (error) {
      this.warn('snapshots could not follow a claim', { event: event.type, error });
    }
  }

  private followClaims(event: ActivityEvent): void {
    if (event.type === 'file.claimed') {
      const claim = claimFromEvent(event.data);
      if (claim) this.startWatching(claim);
    } else if (event.type === 'file.renewed') {
      const claim = claimFromEvent(event.data);
      if (claim) this.watcher.update(claim);
    } else if (event.type === 'file.released') {
      const token = event.data.token;
      if (typeof token === 'number') {
        this.watcher.remove(token);
        this.baselines.delete(token);
      }
    }
  }

  private startWatching(claim: WatchedClaim): void {
    if (this.watched().some((watched) => watched.token === claim.token)) return;
    this.baselines.set(claim.token, 0);
    // A literal file's baseline is read now, before the claim's answer reaches the agent, so
    // the bytes from before its first edit are always kept. Globs get theirs from the scan.
    if (isLiteralPattern(claim.pattern)) {
      this.keepCurrent(claim, claim.pattern, 'baseline');
    }
    try {
      this.watcher.add(claim);
    } catch (error) {
      this.warn('could not watch a claim', { root: claim.root, pattern: claim.pattern, error });
    }
  }

  private capture(claim: WatchedClaim, file: string, seen: FileSeen): void {
    if (seen === 'initial') {
      const count = (this.baselines.get(claim.token) ?? 0) + 1;
      this.baselines.set(claim.token, count);
      if (count === this.limits.maxBaselineFiles + 1) {
        this.warn('claim covers too many files: no baseline copy of the rest', {
          root: claim.root,
          pattern: claim.pattern,
          limit: this.limits.maxBaselineFiles,
        });
      }
      if (count > this.limits.maxBaselineFiles) return;
    }
    this.keepCurrent(claim, file, seen === 'initial' ? 'baseline' : 'change');
  }

  private keepCurrent(claim: WatchedClaim, file: string, kind: SnapshotKind): void {
    const read = readInsideRoot(claim.root, file, this.limits.maxFileBytes);
    if (!read) return;
    const target = {
      root: claim.root,
      path: file,
      agentId: claim.agentId,
      sessionId: claim.sessionId,
    };
    try {
      if ('tooLarge' in read) this.store.keepSkipped(target, kind, read.tooLarge);
      else this.store.keep(target, kind, read.bytes);
    } catch (error) {
      this.warn('could not keep a snapshot', { root: claim.root, path: file, error });
    }
  }

  private warn(message: string, fields: Record<string, unknown>): void {
    const error = fields.error;
    const shown = error instanceof Error ? { ...fields, error: error.message } : fields;
    this.deps.warn?.(message, shown);
  }
}

function claimFromEvent(data: Record<string, unknown>): WatchedClaim | undefined {
  const { root, pattern, agent, session, token } = data;
  if (typeof root !== 'string' || typeof pattern !== 'string' || typeof token !== 'number') {
    return undefined;
  }
  return {
    root,
    pattern,
    token,
    agentId: typeof agent === 'string' ? agent : null,
    sessionId: typeof session === 'string' ? session : null,
  };
}
