import path from 'node:path';
import type { ProjectConfig } from './config-schema.js';
import { serviceOrder } from './dependency-order.js';
import { interpolatePorts, referencedServices } from './interpolate.js';
import { ServiceRunner } from './service-runner.js';
import { serviceIdentity } from './service-identity.js';
import { ServiceStartError } from './service-start-error.js';
import type { ServiceStatus, SupervisorHooks } from './supervisor-types.js';

export { ServiceStartError } from './service-start-error.js';

export interface SupervisorOptions {
  /** The folder holding the .portdaddyrc: service cwds are relative to it. */
  root: string;
  /** The git branch; off main/master it becomes the identities' last segment. */
  branch?: string;
  /** Only these services (and what they need); default all. */
  only?: readonly string[];
  hooks: SupervisorHooks;
  /** How long a service has to stop after SIGTERM before SIGKILL (default 5s). */
  graceMs?: number;
  /** The environment every service starts from (default process.env). */
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}

export const DEFAULT_GRACE_MS = 5000;

/**
 * Runs a project's services: claims every port first (so `${PORT:<service>}` works anywhere),
 * starts each service once all it needs is ready, and stops them in reverse dependency order.
 */
export class Supervisor {
  /** The selected services, in start order. */
  readonly order: readonly string[];
  private readonly identities = new Map<string, string>();
  private readonly runners = new Map<string, ServiceRunner>();
  /** Selected services whose port was claimed: released on stop. */
  private readonly claimed = new Set<string>();
  private claiming: Promise<unknown> | undefined;
  private stopped: Promise<void> | undefined;

  constructor(
    private readonly config: ProjectConfig,
    private readonly options: SupervisorOptions,
  ) {
    this.order = serviceOrder(config, options.only);
    const referenced = this.order.flatMap((name) => referencedServices(config.services[name]!));
    for (const name of new Set([...this.order, ...referenced])) {
      const service = config.services[name];
      if (!service) throw new Error(`\${PORT:${name}}: there is no service "${name}"`);
      this.identities.set(name, serviceIdentity(config.project, name, service, options.branch));
    }
  }

  /** Every selected service's status, in start order. */
  statuses(): ServiceStatus[] {
    return this.order.map((name) => this.runners.get(name)?.status ?? this.pendingStatus(name));
  }

  /** The last lines a service printed (about 20). */
  lastLines(name: string): string[] {
    return this.runners.get(name)?.lastLines ?? [];
  }

  identity(name: string): string | undefined {
    return this.identities.get(name);
  }

  /**
   * Resolves when every selected service is ready. Rejects (a ServiceStartError for a service
   * that failed) after stopping everything it started.
   */
  async start(): Promise<void> {
    const claiming = this.claimPorts();
    this.claiming = claiming.catch(() => undefined);
    let ports: Record<string, number>;
    try {
      ports = await claiming;
    } catch (error) {
      await this.stop();
      throw error;
    }
    if (this.stopped) throw new Error('stopped while starting');
    for (const name of this.order) this.runners.set(name, this.createRunner(name, ports));
    for (const runner of this.runners.values()) this.options.hooks.onStatus(runner.status);
    const starts = this.order.map((name) => this.startWhenNeedsReady(name));
    for (const start of starts) start.catch(() => undefined);
    try {
      await Promise.all(starts);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Stops every service, dependents before what they need, then releases the ports. */
  stop(): Promise<void> {
    return (this.stopped ??= this.stopAll());
  }

  /** SIGKILL to every service's process group, at once (a second Ctrl-C). */
  kill(): void {
    for (const runner of this.runners.values()) runner.kill();
  }

  private async claimPorts(): Promise<Record<string, number>> {
    const ports: Record<string, number> = {};
    for (const [name, identity] of this.identities) {
      ports[name] = await this.options.hooks.claimPort(identity);
      // A service only referenced by ${PORT:name} may be run by someone else: not ours to free.
      if (this.order.includes(name)) this.claimed.add(name);
    }
    return ports;
  }

  private createRunner(name: string, ports: Record<string, number>): ServiceRunner {
    const service = this.config.services[name]!;
    const fill = (text: string) => interpolatePorts(text, name, ports);
    const env: NodeJS.ProcessEnv = { ...(this.options.env ?? process.env) };
    env.PORT = String(ports[name]);
    env.PORT_DADDY_IDENTITY = this.identities.get(name);
    for (const [key, value] of Object.entries(service.env ?? {})) env[key] = fill(value);
    return new ServiceRunner({
      project: this.config.project,
      name,
      identity: this.identities.get(name)!,
      config: service,
      port: ports[name]!,
      command: fill(service.cmd),
      cwd: path.resolve(this.options.root, service.cwd ?? '.'),
      env,
      graceMs: this.options.graceMs ?? DEFAULT_GRACE_MS,
      hooks: this.options.hooks,
      now: this.options.now ?? Date.now,
    });
  }

  private async startWhenNeedsReady(name: string): Promise<void> {
    const runner = this.runners.get(name)!;
    const needs = this.config.services[name]!.needs ?? [];
    await Promise.all(needs.map((need) => this.runners.get(need)?.ready));
    if (this.stopped) throw new ServiceStartError(name, 'stopped before it started', []);
    runner.start();
    await runner.ready;
  }

  private async stopAll(): Promise<void> {
    await this.claiming;
    const stops = new Map<string, Promise<void>>();
    for (const name of [...this.order].reverse()) {
      // Dependents come earlier in the reversed order, so their stops are already known.
      const dependents = this.order.filter((other) =>
        (this.config.services[other]!.needs ?? []).includes(name),
      );
      const waitFor = dependents.map((other) => stops.get(other));
      stops.set(name, this.stopOne(name, waitFor));
    }
    await Promise.all(stops.values());
  }

  private async stopOne(name: string, after: Array<Promise<void> | undefined>): Promise<void> {
    await Promise.all(after);
    await this.runners.get(name)?.stop();
    if (!this.claimed.has(name)) return;
    this.claimed.delete(name);
    await this.options.hooks.releasePort(this.identities.get(name)!).catch(() => undefined);
  }

  private pendingStatus(name: string): ServiceStatus {
    return {
      project: this.config.project,
      name,
      identity: this.identities.get(name)!,
      state: 'pending',
      pid: null,
      port: null,
      restarts: 0,
      startedAt: null,
      exitCode: null,
      message: null,
    };
  }
}
