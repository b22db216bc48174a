/**
 * The contract between the supervisor (which runs a project's services) and whoever hosts it:
 * the CLI for `pd up` in the foreground, the daemon for `pd up -d`.
 */
export type ServiceState =
  'pending' | 'starting' | 'ready' | 'unhealthy' | 'restarting' | 'stopping' | 'stopped' | 'failed';

export interface ServiceStatus {
  project: string;
  name: string;
  identity: string;
  state: ServiceState;
  pid: number | null;
  port: number | null;
  restarts: number;
  /** Epoch ms of the current run's start, null before the first. */
  startedAt: number | null;
  exitCode: number | null;
  /** A line for people: why it failed, that it ignored PORT, ... */
  message: string | null;
}

export interface SupervisorHooks {
  /** The port for an identity (claimed by the host, with the host as owner). */
  claimPort(identity: string): Promise<number>;
  releasePort(identity: string): Promise<void>;
  /** Every state change of every service. */
  onStatus(status: ServiceStatus): void;
  /** One line of a service's output. */
  onLog(service: string, stream: 'stdout' | 'stderr', line: string): void;
}
