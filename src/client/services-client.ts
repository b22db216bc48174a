import type { ServiceStatus } from '../orchestrator/supervisor-types.js';
import type { HttpTransport } from './http-transport.js';

/** A service as the daemon shows it: the supervisor's status plus where it runs and its URL. */
export interface ServiceView extends Omit<ServiceStatus, 'startedAt'> {
  startedAt: string | null;
  /** cli: a foreground `pd up` (pid of that pd); daemon: `pd up -d`. */
  host: 'cli' | 'daemon';
  hostPid: number;
  /** http://<service>.<project>.localhost:<daemon port>/ */
  url: string;
  /** Whether `pd integration ready` marked it ready. */
  markedReady: boolean;
  updatedAt: string;
}

export interface UpRequest {
  /** The folder holding .portdaddyrc (absolute). */
  root: string;
  /** Only these (and what they need); default all. */
  services?: string[];
  /** Git branch for identities off the default branch. */
  branch?: string;
}

export interface DownRequest {
  project?: string;
  services?: string[];
}

/** Services run by pd up: state, readiness, URLs, detached runs (contract; to be written). */
export class ServicesClient {
  constructor(protected readonly transport: HttpTransport) {}

  /** A foreground `pd up` reports each state change, so `pd ps` elsewhere sees it. */
  report(status: ServiceStatus & { hostPid: number }): Promise<ServiceView> {
    return this.transport.request('POST', '/services/report', status);
  }

  /** `pd up -d`: the daemon runs them; answers once all are ready (or one failed). */
  up(request: UpRequest, timeoutMs = 600_000): Promise<{ services: ServiceView[] }> {
    return this.transport.request('POST', '/services/up', request, timeoutMs);
  }

  down(request: DownRequest): Promise<{ stopped: ServiceView[] }> {
    return this.transport.request('POST', '/services/down', request, 120_000);
  }

  list(project?: string): Promise<{ services: ServiceView[] }> {
    const query = project === undefined ? '' : `?project=${encodeURIComponent(project)}`;
    return this.transport.request('GET', `/services${query}`);
  }

  get(identity: string): Promise<ServiceView> {
    return this.transport.request('GET', `/services/${encodeURIComponent(identity)}`);
  }
}
