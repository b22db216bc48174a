import type { AcquireLockRequest, LockView } from '../api/locks.js';
import { parseDuration } from '../api/duration.js';
import type { HttpTransport } from './http-transport.js';

const path = (name: string, suffix = '') => `/locks/${encodeURIComponent(name)}${suffix}`;

/** Named locks with fencing tokens. */
export class LocksClient {
  constructor(private readonly transport: HttpTransport) {}

  /** Resolves with the lock and its fencing token; rejects with LOCK_HELD (409) when held. */
  acquire(name: string, request: AcquireLockRequest): Promise<LockView> {
    // The daemon answers a waiting request only when the lock is free or the wait is over.
    const waitMs = request.wait === undefined ? 0 : (parseDuration(request.wait) ?? 0);
    const timeout = waitMs + 30_000;
    return this.transport.request('POST', path(name), request, timeout);
  }

  release(
    name: string,
    options: { owner?: string; force?: boolean } = {},
  ): Promise<{ released: LockView }> {
    return this.transport.request('POST', path(name, '/release'), options);
  }

  extend(name: string, owner: string, ttl?: string | number): Promise<LockView> {
    return this.transport.request('POST', path(name, '/extend'), { owner, ttl });
  }

  get(name: string): Promise<LockView> {
    return this.transport.request('GET', path(name));
  }

  list(): Promise<{ locks: LockView[] }> {
    return this.transport.request('GET', '/locks');
  }
}
