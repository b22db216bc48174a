import { PdError } from '../../api/errors.js';
import type { PidCheck } from '../../shared/pid-alive.js';
import type { Db, Revision } from '../../store/index.js';
import type { Clock } from '../clock.js';
import type { EventLog } from '../events/index.js';
import { locksTable, type Lock } from './locks-table.js';

export interface LockManagerDeps {
  db: Db;
  clock: Clock;
  revision: Revision;
  events: EventLog;
  isPidAlive: PidCheck;
}

export interface AcquireInput {
  name: string;
  owner: string;
  ttlMs?: number | undefined;
  pid?: number | undefined;
  /** How long to queue for the lock; 0 fails at once when it is held. */
  waitMs?: number | undefined;
}

export type LockReleaseReason = 'released' | 'forced' | 'expired' | 'pid-dead' | 'agent-ended';

interface Waiter {
  input: AcquireInput;
  resolve(lock: Lock): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  cancel(): void;
}

const LOCK_NAME = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/;

export function checkLockName(name: string): void {
  if (!LOCK_NAME.test(name)) {
    throw new PdError(
      'INVALID_INPUT',
      `invalid lock name "${name}": 1-200 characters, a letter or digit first, then letters, digits, '.', '_', ':', '@', '-'`,
      { issues: [{ path: 'name', message: 'invalid lock name' }] },
    );
  }
}

/**
 * Named locks as leases (owner + TTL and/or pid), granted FIFO to waiters, each grant carrying a
 * fencing token: the store revision, so tokens only grow, across names and restarts.
 */
export class LockManager {
  private readonly table;
  private readonly waiters = new Map<string, Waiter[]>();

  constructor(private readonly deps: LockManagerDeps) {
    this.table = locksTable(deps.db);
  }

  async acquire(input: AcquireInput, signal?: AbortSignal): Promise<Lock> {
    checkLockName(input.name);
    this.releaseIfStale(input.name);
    const holder = this.table.get(input.name);
    const queued = this.waiters.get(input.name)?.length ?? 0;
    if (!holder && queued === 0) return this.grant(input);
    if (!input.waitMs || input.waitMs <= 0) throw this.heldError(input.name, holder);
    return this.enqueue(input, signal);
  }

  release(name: string, owner: string | undefined, force = false): Lock {
    checkLockName(name);
    const lock = this.table.get(name);
    if (!lock) throw new PdError('NOT_FOUND', `lock ${name} is not held`, { name });
    if (!force && lock.owner !== owner) {
      throw new PdError(
        'LOCK_NOT_OWNER',
        `lock ${name} is held by ${lock.owner}, not ${owner ?? 'you'}; use --force to break it`,
        {
          name,
          holder: { owner: lock.owner, pid: lock.pid, token: lock.token },
        },
      );
    }
    const forced = force && lock.owner !== owner;
    this.remove(lock, forced ? 'forced' : 'released', forced ? { by: owner ?? null } : {});
    this.grantNext(name);
    return lock;
  }

  extend(name: string, owner: string, ttlMs?: number): Lock {
    checkLockName(name);
    this.releaseIfStale(name);
    const lock = this.table.get(name);
    if (!lock) throw new PdError('NOT_FOUND', `lock ${name} is not held`, { name });
    if (lock.owner !== owner) {
      throw new PdError('LOCK_NOT_OWNER', `lock ${name} is held by ${lock.owner}, not ${owner}`, {
        name,
        holder: { owner: lock.owner, pid: lock.pid, token: lock.token },
      });
    }
    const ttl = ttlMs ?? lock.ttlMs;
    const expiresAt = ttl === null ? null : this.deps.clock.now() + ttl;
    return this.deps.events.transact(() => {
      const revision = this.deps.revision.next();
      this.table.extend(name, ttl, expiresAt);
      this.deps.events.append(revision, 'lock.extended', name, {
        owner,
        token: lock.token,
        expiresAt,
      });
      return { ...lock, ttlMs: ttl, expiresAt };
    });
  }

  get(name: string): Lock | undefined {
    checkLockName(name);
    return this.table.get(name);
  }

  list(): Lock[] {
    return this.table.all();
  }

  count(): number {
    return this.table.count();
  }

  waiting(name: string): number {
    return this.waiters.get(name)?.length ?? 0;
  }

  /** Releases locks whose TTL ran out or whose process died, and hands each to its next waiter. */
  reapExpired(): { lock: Lock; reason: LockReleaseReason }[] {
    const reaped: { lock: Lock; reason: LockReleaseReason }[] = [];
    for (const lock of this.table.all()) {
      const reason = this.staleReason(lock);
      if (!reason) continue;
      this.remove(lock, reason);
      reaped.push({ lock, reason });
      this.grantNext(lock.name);
    }
    return reaped;
  }

  /** Releases every lock an ended agent held (as owner or by pid) and hands each on. */
  releaseHeldBy(owner: string, pid: number | null): Lock[] {
    const held = this.table
      .all()
      .filter((lock) => lock.owner === owner || (pid !== null && lock.pid === pid));
    for (const lock of held) {
      this.remove(lock, 'agent-ended', { agent: owner });
      this.grantNext(lock.name);
    }
    return held;
  }

  /** Fails every waiter: the daemon is stopping. */
  close(): void {
    for (const queue of this.waiters.values()) {
      for (const waiter of queue.splice(0)) {
        clearTimeout(waiter.timer);
        waiter.reject(
          new PdError('SHUTTING_DOWN', 'the daemon is stopping; try again once it is back', {}),
        );
      }
    }
  }

  private staleReason(lock: Lock): LockReleaseReason | undefined {
    if (lock.expiresAt !== null && lock.expiresAt <= this.deps.clock.now()) return 'expired';
    if (lock.pid !== null && !this.deps.isPidAlive(lock.pid)) return 'pid-dead';
    return undefined;
  }

  private releaseIfStale(name: string): void {
    const lock = this.table.get(name);
    const reason = lock && this.staleReason(lock);
    if (lock && reason) {
      this.remove(lock, reason);
      this.grantNext(name);
    }
  }

  private grant(input: AcquireInput): Lock {
    const now = this.deps.clock.now();
    return this.deps.events.transact(() => {
      const token = this.deps.revision.next();
      const lock: Lock = {
        name: input.name,
        owner: input.owner,
        pid: input.pid ?? null,
        token,
        acquiredAt: now,
        ttlMs: input.ttlMs ?? null,
        expiresAt: input.ttlMs === undefined ? null : now + input.ttlMs,
      };
      this.table.insert(lock);
      this.deps.events.append(token, 'lock.acquired', lock.name, {
        owner: lock.owner,
        pid: lock.pid,
        token,
      });
      return lock;
    });
  }

  private remove(lock: Lock, reason: LockReleaseReason, extra: Record<string, unknown> = {}): void {
    this.deps.events.transact(() => {
      const revision = this.deps.revision.next();
      this.table.remove(lock.name);
      this.deps.events.append(revision, 'lock.released', lock.name, {
        owner: lock.owner,
        pid: lock.pid,
        token: lock.token,
        reason,
        ...extra,
      });
    });
  }

  /** Grants the lock to the first waiter still there (and whose process, if any, still runs). */
  private grantNext(name: string): void {
    const queue = this.waiters.get(name);
    while (queue && queue.length > 0 && !this.table.get(name)) {
      const waiter = queue.shift()!;
      waiter.cancel();
      if (waiter.input.pid !== undefined && !this.deps.isPidAlive(waiter.input.pid)) continue;
      waiter.resolve(this.grant(waiter.input));
    }
    if (queue && queue.length === 0) this.waiters.delete(name);
  }

  private enqueue(input: AcquireInput, signal?: AbortSignal): Promise<Lock> {
    return new Promise<Lock>((resolve, reject) => {
      const queue = this.waiters.get(input.name) ?? [];
      this.waiters.set(input.name, queue);
      const leave = () => {
        const index = queue.indexOf(waiter);
        if (index !== -1) queue.splice(index, 1);
        if (queue.length === 0) this.waiters.delete(input.name);
        waiter.cancel();
      };
      const onAbort = () => {
        leave();
        reject(new PdError('CANCELLED', 'the caller went away while waiting', {}));
      };
      const waiter: Waiter = {
        input,
        resolve,
        reject,
        timer: setTimeout(() => {
          leave();
          reject(this.heldError(input.name, this.table.get(input.name), input.waitMs));
        }, input.waitMs),
        cancel: () => {
          clearTimeout(waiter.timer);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      queue.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private heldError(name: string, holder: Lock | undefined, waitedMs?: number): PdError {
    const who = holder
      ? `${holder.owner}${holder.pid === null ? '' : ` (pid ${holder.pid})`}`
      : 'a caller queued before you';
    const after = waitedMs ? ` after waiting ${Math.round(waitedMs / 1000)} s` : '';
    return new PdError('LOCK_HELD', `lock ${name} is held by ${who}${after}`, {
      name,
      holder: holder
        ? {
            owner: holder.owner,
            pid: holder.pid,
            token: holder.token,
            acquiredAt: new Date(holder.acquiredAt).toISOString(),
          }
        : null,
      waiting: this.waiting(name),
    });
  }
}
