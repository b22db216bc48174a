import { PdError } from '../../api/errors.js';
import type { ServiceStatus } from '../../orchestrator/supervisor-types.js';
import type { PidCheck } from '../../shared/pid-alive.js';
import type { Db, Revision } from '../../store/index.js';
import type { Clock } from '../clock.js';
import type { EventLog } from '../events/index.js';
import { parseIdentity } from '../identity/index.js';
import { servicesTable, type ServiceHost, type ServiceRecord } from './services-table.js';

export interface ServiceRegistryDeps {
  db: Db;
  clock: Clock;
  revision: Revision;
  events: EventLog;
  isPidAlive: PidCheck;
}

/** A supervisor's status as its host reports it. */
export interface ServiceReport extends ServiceStatus {
  host: Exclude<ServiceHost, 'external'>;
  hostPid: number;
  logFile?: string | null | undefined;
}

export interface WaitResult {
  ready: string[];
  notReady: string[];
}

/** Ready by its health check, or marked ready by `pd integration ready`. */
export const isReady = (record: ServiceRecord | undefined): boolean =>
  record !== undefined && (record.state === 'ready' || record.markedReady);

/** States in which nothing runs: a dead host's services end there. */
/** A mark by hand lasts while the run it vouched for goes on; a new run or a stop clears it. */
const KEEPS_MARK = new Set(['ready', 'unhealthy']);

/**
 * The services `pd up` runs, as their supervisors report them (a foreground pd up over HTTP,
 * the daemon's own runner for pd up -d), plus services marked ready by hand.
 */
export class ServiceRegistry {
  private readonly table;
  private readonly closers: (() => Promise<void>)[] = [];
  private closing: Promise<void> | undefined;

  constructor(private readonly deps: ServiceRegistryDeps) {
    this.table = servicesTable(deps.db);
  }

  /** Upserts a supervisor's report; service.state only when the state changed. */
  report(input: ServiceReport): ServiceRecord {
    const identity = parseIdentity(input.identity).full;
    return this.deps.events.transact(() => {
      const previous = this.table.get(identity);
      const changed = previous?.state !== input.state;
      const record: ServiceRecord = {
        identity,
        project: input.project.toLowerCase(),
        name: input.name,
        state: input.state,
        pid: input.pid,
        port: input.port,
        restarts: input.restarts,
        startedAt: input.startedAt,
        exitCode: input.exitCode,
        message: input.message,
        host: input.host,
        hostPid: input.hostPid,
        markedReady: (previous?.markedReady ?? false) && KEEPS_MARK.has(input.state),
        logFile: input.logFile ?? (input.host === previous?.host ? previous.logFile : null),
        updatedAt: this.deps.clock.now(),
      };
      this.table.put(record);
      if (!changed) return record;
      const revision = this.deps.revision.next();
      this.appendStateEvent(revision, record, previous?.state ?? null);
      if (record.state === 'ready' && !previous?.markedReady)
        this.appendReadyEvent(revision, record, 'health');
      return record;
    });
  }

  /** `pd integration ready`: marks it ready, known or not (a service started by hand). */
  markReady(identityText: string): ServiceRecord {
    const { full: identity, segments } = parseIdentity(identityText);
    return this.deps.events.transact(() => {
      const previous = this.table.get(identity);
      const record: ServiceRecord = previous
        ? { ...previous, markedReady: true, updatedAt: this.deps.clock.now() }
        : {
            identity,
            project: segments[0]!,
            name: segments[1] ?? segments[0]!,
            state: 'ready',
            pid: null,
            port: null,
            restarts: 0,
            startedAt: null,
            exitCode: null,
            message: 'marked ready by hand',
            host: 'external',
            hostPid: null,
            markedReady: true,
            logFile: null,
            updatedAt: this.deps.clock.now(),
          };
      this.table.put(record);
      const revision = this.deps.revision.next();
      if (!previous) this.appendStateEvent(revision, record, null);
      this.appendReadyEvent(revision, record, 'marked');
      return record;
    });
  }

  get(identityText: string): ServiceRecord {
    const identity = parseIdentity(identityText).full;
    const record = this.table.get(identity);
    if (!record) {
      throw new PdError('NOT_FOUND', `no service ${identity}: pd up has not reported it`, {
        identity,
      });
    }
    return record;
  }

  find(identityText: string): ServiceRecord | undefined {
    return this.table.get(parseIdentity(identityText).full);
  }

  list(project?: string): ServiceRecord[] {
    return this.table.list(project?.toLowerCase());
  }

  /** Resolves once every identity is ready, or at the timeout with those that are not. */
  waitReady(identities: string[], timeoutMs: number, signal?: AbortSignal): Promise<WaitResult> {
    const wanted = [...new Set(identities.map((identity) => parseIdentity(identity).full))];
    const result = (): WaitResult => ({
      ready: wanted.filter((identity) => isReady(this.table.get(identity))),
      notReady: wanted.filter((identity) => !isReady(this.table.get(identity))),
    });
    if (result().notReady.length === 0 || timeoutMs <= 0) return Promise.resolve(result());
    return new Promise((resolve, reject) => {
      const finish = (settle: () => void) => {
        unsubscribe();
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        settle();
      };
      const onAbort = () =>
        finish(() => reject(new PdError('CANCELLED', 'the caller went away while waiting', {})));
      const unsubscribe = this.deps.events.subscribe((event) => {
        if (event.type !== 'service.ready' || !wanted.includes(event.subject)) return;
        const now = result();
        if (now.notReady.length === 0) finish(() => resolve(now));
      });
      const timer = setTimeout(() => finish(() => resolve(result())), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Services whose pd up (or daemon) died without saying so are stopped. */
  reapDeadHosts(): ServiceRecord[] {
    const reaped: ServiceRecord[] = [];
    for (const record of this.table.hosted()) {
      if (record.hostPid === null || this.deps.isPidAlive(record.hostPid)) continue;
      const hostName = record.host === 'daemon' ? 'daemon' : 'pd up';
      reaped.push(
        this.report({
          ...record,
          host: record.host === 'daemon' ? 'daemon' : 'cli',
          hostPid: record.hostPid,
          state: 'stopped',
          pid: null,
          message: `its ${hostName} (pid ${record.hostPid}) exited`,
        }),
      );
    }
    return reaped;
  }

  /** The daemon's runner registers how to stop what it supervises. */
  onClose(stop: () => Promise<void>): void {
    this.closers.push(stop);
  }

  /** Stops what the daemon supervises (pd up -d) before it exits. */
  close(): Promise<void> {
    this.closing ??= Promise.all(this.closers.map((stop) => stop())).then(() => undefined);
    return this.closing;
  }

  private appendStateEvent(revision: number, record: ServiceRecord, previous: string | null): void {
    this.deps.events.append(revision, 'service.state', record.identity, {
      state: record.state,
      previous,
      pid: record.pid,
      port: record.port,
      restarts: record.restarts,
      host: record.host,
      message: record.message,
    });
  }

  private appendReadyEvent(revision: number, record: ServiceRecord, by: 'health' | 'marked'): void {
    this.deps.events.append(revision, 'service.ready', record.identity, {
      by,
      port: record.port,
      host: record.host,
    });
  }
}
