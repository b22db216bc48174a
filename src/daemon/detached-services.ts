import { PdError } from '../api/errors.js';
import type { PortRegistry } from '../core/ports/index.js';
import type { ServiceRecord, ServiceRegistry } from '../core/service-registry/index.js';
import { SerialQueue } from '../core/ports/serial-queue.js';
import type { ProjectConfig } from '../orchestrator/config-schema.js';
import { serviceOrder } from '../orchestrator/dependency-order.js';
import {
  ConfigError,
  loadProjectConfig,
  type LoadedProjectConfig,
} from '../orchestrator/load-project-config.js';
import { serviceIdentity } from '../orchestrator/service-identity.js';
import { ServiceStartError, Supervisor } from '../orchestrator/supervisor.js';
import type { ServiceStatus } from '../orchestrator/supervisor-types.js';
import type { Logger } from './logger.js';
import { ServiceLogFile, serviceLogPath } from './service-log-file.js';

/** Owner of the ports of daemon-hosted services (their pid is the daemon's). */
export const DAEMON_OWNER = 'port-daddy';

export interface DetachedServicesDeps {
  ports: PortRegistry;
  registry: ServiceRegistry;
  home: string;
  logger: Logger;
  graceMs?: number;
}

export interface UpInput {
  root: string;
  services?: string[] | undefined;
  branch?: string | undefined;
}

interface Hosted {
  identity: string;
  project: string;
  name: string;
  supervisor: Supervisor;
  log: ServiceLogFile;
  /** Start sequence: stops go in reverse. */
  seq: number;
}

const ENDED = new Set(['stopped', 'failed']);

/**
 * `pd up -d`: the daemon hosts one Supervisor per service, so a second up starts only what is
 * not running and `pd down api` stops api alone. Services start one after another in dependency
 * order (each once what it needs is ready); output goes to a rotating file per service.
 */
export class DetachedServices {
  private readonly hosted = new Map<string, Hosted>();
  /** Two ups of one project folder must not both start a service: they run one at a time. */
  private readonly ups = new Map<string, SerialQueue>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private seq = 0;
  private closing = false;

  constructor(private readonly deps: DetachedServicesDeps) {}

  /** Starts what is not running yet; answers every requested service once all are ready. */
  async up(input: UpInput): Promise<ServiceRecord[]> {
    const loaded = await loadConfig(input.root);
    let queue = this.ups.get(loaded.root);
    if (!queue) this.ups.set(loaded.root, (queue = new SerialQueue()));
    const run = queue.run(() => this.startProject(loaded, input));
    this.inFlight.add(run);
    const done = () => this.inFlight.delete(run);
    run.then(done, done);
    return run;
  }

  /** Whether this daemon runs it (pd down stops only those). */
  hosts(identity: string): boolean {
    return this.hosted.has(identity);
  }

  /** Stops these daemon-hosted services, the last started first; answers their final rows. */
  async down(identities: string[]): Promise<ServiceRecord[]> {
    const targets = identities
      .map((identity) => this.hosted.get(identity))
      .filter((hosted): hosted is Hosted => hosted !== undefined)
      .sort((a, b) => b.seq - a.seq);
    await this.stopInOrder(targets);
    return targets.map((hosted) => this.deps.registry.get(hosted.identity));
  }

  /** The daemon is stopping: everything it runs stops (and frees its port). */
  async stopAll(): Promise<void> {
    this.closing = true;
    const everything = () => [...this.hosted.values()].sort((a, b) => b.seq - a.seq);
    // Stopping a service that is starting fails its up, which then stops what it started.
    await this.stopInOrder(everything());
    await Promise.allSettled(this.inFlight);
    await this.stopInOrder(everything());
  }

  private async startProject(
    { config, root }: LoadedProjectConfig,
    input: UpInput,
  ): Promise<ServiceRecord[]> {
    if (this.closing) throw shuttingDown();
    const order = configured(() => serviceOrder(config, input.services));
    const identities = order.map((name) =>
      serviceIdentity(config.project, name, config.services[name]!, input.branch),
    );
    const startedNow: Hosted[] = [];
    for (const [index, name] of order.entries()) {
      const identity = identities[index]!;
      if (this.isRunning(identity)) continue;
      if (this.closing) {
        await this.stopInOrder(startedNow);
        throw shuttingDown();
      }
      await this.forget(identity);
      try {
        startedNow.unshift(await this.startOne(config, root, name, identity, input.branch));
      } catch (error) {
        await this.stopInOrder(startedNow);
        if (this.closing) throw shuttingDown();
        throw failure(error, identity, this.deps.registry.find(identity));
      }
    }
    return identities.map((identity) => this.deps.registry.get(identity));
  }

  /** Run by this daemon and not ended, or run by a live foreground pd up. */
  private isRunning(identity: string): boolean {
    const hosted = this.hosted.get(identity);
    if (hosted) return !ENDED.has(hosted.supervisor.statuses()[0]?.state ?? 'stopped');
    const row = this.deps.registry.find(identity);
    return row?.host === 'cli' && !ENDED.has(row.state);
  }

  private async startOne(
    config: ProjectConfig,
    root: string,
    name: string,
    identity: string,
    branch: string | undefined,
  ): Promise<Hosted> {
    const log = new ServiceLogFile(serviceLogPath(this.deps.home, config.project, identity));
    const supervisor = new Supervisor(withoutNeeds(config, name), {
      root,
      ...(branch === undefined ? {} : { branch }),
      only: [name],
      ...(this.deps.graceMs === undefined ? {} : { graceMs: this.deps.graceMs }),
      hooks: {
        claimPort: async (claimed) => {
          // A ${PORT:other} reference reads the other's port without taking its claim over.
          const mine = claimed === identity;
          const input = mine
            ? { identity, pid: process.pid, owner: DAEMON_OWNER }
            : { identity: claimed };
          return (await this.deps.ports.claim(input)).claim.port;
        },
        releasePort: (released) => {
          this.deps.ports.release(released);
          return Promise.resolve();
        },
        onStatus: (status) => this.record(status, log),
        onLog: (_service, _stream, line) => log.write(line),
      },
    });
    const hosted: Hosted = {
      identity,
      project: config.project,
      name,
      supervisor,
      log,
      seq: ++this.seq,
    };
    this.hosted.set(identity, hosted);
    try {
      await supervisor.start();
    } catch (error) {
      await this.forget(identity);
      throw error;
    }
    return hosted;
  }

  private record(status: ServiceStatus, log: ServiceLogFile): void {
    log.write(`[pd] ${status.state}${status.message === null ? '' : `: ${status.message}`}`);
    try {
      this.deps.registry.report({
        ...status,
        host: 'daemon',
        hostPid: process.pid,
        logFile: log.file,
      });
    } catch (error) {
      this.deps.logger.warn('service report failed', {
        identity: status.identity,
        error: String(error),
      });
    }
  }

  private async stopInOrder(targets: Hosted[]): Promise<void> {
    for (const hosted of targets) await this.forget(hosted.identity);
  }

  /** Stops a hosted service (if any) and drops it; its registry row stays. */
  private async forget(identity: string): Promise<void> {
    const hosted = this.hosted.get(identity);
    if (!hosted) return;
    await hosted.supervisor.stop();
    if (this.hosted.get(identity) === hosted) this.hosted.delete(identity);
    hosted.log.close();
  }
}

const shuttingDown = () =>
  new PdError('SHUTTING_DOWN', 'the daemon is stopping; try again once it is back', {});

/** The service alone: what it needs was started (and is ready) before it. */
function withoutNeeds(config: ProjectConfig, name: string): ProjectConfig {
  const service = { ...config.services[name]! };
  delete service.needs;
  return { ...config, services: { ...config.services, [name]: service } };
}

async function loadConfig(root: string) {
  try {
    return await loadProjectConfig(root);
  } catch (error) {
    throw configError(error);
  }
}

function configured<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw configError(error);
  }
}

function configError(error: unknown): unknown {
  if (!(error instanceof ConfigError)) return error;
  return new PdError('INVALID_CONFIG', error.message, { file: error.file, issues: error.issues });
}

function failure(error: unknown, identity: string, row: ServiceRecord | undefined): unknown {
  if (!(error instanceof ServiceStartError)) return error;
  return new PdError('SERVICE_FAILED', `${identity}: ${error.reason}`, {
    identity,
    service: error.service,
    state: row?.state ?? 'failed',
    message: row?.message ?? error.reason,
    exitCode: row?.exitCode ?? null,
    lastLines: error.lastLines,
    logFile: row?.logFile ?? null,
  });
}
