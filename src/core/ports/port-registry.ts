import { PdError } from '../../api/errors.js';
import type { Db, Revision } from '../../store/index.js';
import type { Clock } from '../clock.js';
import type { EventLog } from '../events/index.js';
import { parseIdentity, parsePattern, prefixUpperBound } from '../identity/index.js';
import type { PidCheck } from '../../shared/pid-alive.js';
import { claimsTable, type Claim, type ClaimsTable } from './claims-table.js';
import { homePort, probeOrder, type PortRange } from './home-port.js';
import type { PortProbe } from './os-probe.js';
import { SerialQueue } from './serial-queue.js';

export interface ClaimInput {
  identity: string;
  port?: number | undefined;
  pid?: number | undefined;
  ttlMs?: number | undefined;
  owner?: string | undefined;
}

export interface ClaimResult {
  claim: Claim;
  /** True when the identity already held this port. */
  existing: boolean;
}

export type ReleaseReason = 'released' | 'expired' | 'pid-dead' | 'agent-ended';

/** An agent, as far as ports know it: its claims carry its id as owner, its pid, or its identity. */
export interface PortHolder {
  owner: string;
  pid: number | null;
  identity: string | null;
}

export interface PortRegistryDeps {
  db: Db;
  clock: Clock;
  revision: Revision;
  events: EventLog;
  range: PortRange;
  probe: PortProbe;
  isPidAlive: PidCheck;
}

/** Semantic identities to stable ports: the single authority, so no port is handed out twice. */
export class PortRegistry {
  private readonly table: ClaimsTable;
  private readonly queue = new SerialQueue();

  constructor(private readonly deps: PortRegistryDeps) {
    this.table = claimsTable(deps.db);
  }

  async claim(input: ClaimInput): Promise<ClaimResult> {
    const identity = parseIdentity(input.identity).full;
    const held = this.table.byIdentity(identity);
    if (held) return { claim: this.renew(held, input), existing: true };
    // The OS probe is asynchronous, so claims that need one run one at a time.
    return this.queue.run(async () => {
      const raced = this.table.byIdentity(identity);
      if (raced) return { claim: this.renew(raced, input), existing: true };
      const port = input.port ?? (await this.findFreePort(identity));
      if (input.port !== undefined) await this.checkRequestedPort(input.port);
      return { claim: this.insert(identity, port, input), existing: false };
    });
  }

  release(patternText: string): Claim[] {
    const pattern = parsePattern(patternText);
    return this.deps.events.transact(() => {
      // A bare identity releases itself only; `find` would include everything below it.
      const exact = pattern.hasWildcard ? undefined : this.table.byIdentity(pattern.source);
      const matched = pattern.hasWildcard ? this.find(pattern.source) : exact ? [exact] : [];
      for (const claim of matched) this.remove(claim, 'released');
      return matched;
    });
  }

  /** Exact identities, their descendants, or a wildcard pattern; uses the identity index as a range. */
  find(patternText?: string): Claim[] {
    if (patternText === undefined || patternText.trim() === '') return this.table.all();
    const pattern = parsePattern(patternText);
    if (!pattern.hasWildcard) {
      const exact = this.table.byIdentity(pattern.source);
      const children = this.table.inRange(
        pattern.source + ':',
        prefixUpperBound(pattern.source + ':'),
      );
      return exact ? [exact, ...children] : children;
    }
    return this.table
      .inRange(pattern.prefix, prefixUpperBound(pattern.prefix))
      .filter((claim) => pattern.matches(claim.identity));
  }

  get(identity: string): Claim | undefined {
    return this.table.byIdentity(parseIdentity(identity).full);
  }

  byPort(port: number): Claim | undefined {
    return this.table.byPort(port);
  }

  count(): number {
    return this.table.count();
  }

  isAlive(claim: Claim): boolean | null {
    return claim.pid === null ? null : this.deps.isPidAlive(claim.pid);
  }

  /** Releases claims whose TTL ran out or whose process died. */
  reapExpired(): { claim: Claim; reason: ReleaseReason }[] {
    const now = this.deps.clock.now();
    const expired = this.table.expired(now).map((claim) => ({ claim, reason: 'expired' as const }));
    const dead = this.table
      .withPid()
      .filter(
        (claim) =>
          !expired.some((e) => e.claim.identity === claim.identity) &&
          !this.deps.isPidAlive(claim.pid!),
      )
      .map((claim) => ({ claim, reason: 'pid-dead' as const }));
    const reaped = [...expired, ...dead];
    if (reaped.length === 0) return reaped;
    this.deps.events.transact(() => {
      for (const { claim, reason } of reaped) this.remove(claim, reason);
    });
    return reaped;
  }

  /** Releases every claim an ended agent held: by owner, by pid, or its own identity. */
  releaseHeldBy(holder: PortHolder): Claim[] {
    const held = this.table
      .all()
      .filter(
        (claim) =>
          claim.owner === holder.owner ||
          (holder.pid !== null && claim.pid === holder.pid) ||
          claim.identity === holder.identity,
      );
    if (held.length === 0) return held;
    this.deps.events.transact(() => {
      for (const claim of held) this.remove(claim, 'agent-ended', { agent: holder.owner });
    });
    return held;
  }

  private async findFreePort(identity: string): Promise<number> {
    const { range } = this.deps;
    const remembered = this.table.rememberedPort(identity);
    if (
      remembered !== undefined &&
      !this.table.isPortTaken(remembered) &&
      (await this.deps.probe(remembered))
    ) {
      return remembered;
    }
    for (const port of probeOrder(homePort(identity, range), range)) {
      if (port === remembered || this.table.isPortTaken(port)) continue;
      if (await this.deps.probe(port)) return port;
    }
    throw new PdError('NO_FREE_PORT', `no free port in ${range.start}-${range.end}`, { ...range });
  }

  private async checkRequestedPort(port: number): Promise<void> {
    const holder = this.table.byPort(port);
    if (holder) {
      throw new PdError('PORT_TAKEN', `port ${port} is claimed by ${holder.identity}`, {
        port,
        holder: { identity: holder.identity, pid: holder.pid, owner: holder.owner },
      });
    }
    if (!(await this.deps.probe(port))) {
      throw new PdError(
        'PORT_IN_USE',
        `port ${port} is in use by another process (see: pd who ${port})`,
        { port },
      );
    }
  }

  private insert(identity: string, port: number, input: ClaimInput): Claim {
    const now = this.deps.clock.now();
    return this.deps.events.transact(() => {
      const revision = this.deps.revision.next();
      const claim: Claim = {
        identity,
        port,
        pid: input.pid ?? null,
        owner: input.owner ?? null,
        createdAt: now,
        updatedAt: now,
        ttlMs: input.ttlMs ?? null,
        expiresAt: input.ttlMs === undefined ? null : now + input.ttlMs,
        revision,
        modRevision: revision,
      };
      this.table.insert(claim);
      this.table.remember(identity, port, now);
      this.deps.events.append(revision, 'claim.created', identity, {
        port,
        pid: claim.pid,
        owner: claim.owner,
      });
      return claim;
    });
  }

  /** Claiming a held identity again returns its port and renews what the caller passed. */
  private renew(held: Claim, input: ClaimInput): Claim {
    if (input.port !== undefined && input.port !== held.port) {
      throw new PdError(
        'IDENTITY_CLAIMED',
        `${held.identity} already holds port ${held.port}; release it first to move it to ${input.port}`,
        { identity: held.identity, port: held.port, requested: input.port },
      );
    }
    if (input.pid === undefined && input.ttlMs === undefined && input.owner === undefined)
      return held;
    const now = this.deps.clock.now();
    return this.deps.events.transact(() => {
      const ttlMs = input.ttlMs ?? held.ttlMs;
      const renewed: Claim = {
        ...held,
        pid: input.pid ?? held.pid,
        owner: input.owner ?? held.owner,
        ttlMs,
        expiresAt: ttlMs === null ? null : now + ttlMs,
        updatedAt: now,
        modRevision: this.deps.revision.next(),
      };
      this.table.renew(renewed);
      this.deps.events.append(renewed.modRevision, 'claim.renewed', held.identity, {
        port: held.port,
        pid: renewed.pid,
      });
      return renewed;
    });
  }

  private remove(claim: Claim, reason: ReleaseReason, extra: Record<string, unknown> = {}): void {
    const revision = this.deps.revision.next();
    this.table.remove(claim.identity);
    this.deps.events.append(revision, 'claim.released', claim.identity, {
      port: claim.port,
      pid: claim.pid,
      reason,
      ...extra,
    });
  }
}
