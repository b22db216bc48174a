import type { DownResponse, ServiceUrlView, ServiceView, WaitResponse } from '../api/services.js';
import type { ServiceStatus } from '../orchestrator/supervisor-types.js';
import type { HttpTransport } from './http-transport.js';

/**
 * A service as the daemon shows it: the supervisor's status plus where it runs (host cli: a
 * foreground `pd up`, daemon: `pd up -d`, external: only marked ready), its URL
 * (http://<service>.<project>.localhost:<daemon port>/), whether it is ready and its log file.
 */
export type { ServiceView, ServiceUrlView, WaitResponse, DownResponse };

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

/** Slack on top of a wait's own timeout, so the daemon answers before the socket gives up. */
const WAIT_SLACK_MS = 10_000;

/** Services run by pd up: state, readiness, URLs, detached runs. */
export class ServicesClient {
  constructor(protected readonly transport: HttpTransport) {}

  /** The last report sent per identity: the next waits for it. */
  private readonly lastReport = new Map<string, Promise<unknown>>();

  /**
   * A foreground `pd up` reports each state change, so `pd ps` elsewhere sees it. Reports of one
   * service go one after another: sent at once over several sockets, `stopped` could land
   * before `stopping` and leave the wrong state behind.
   */
  report(status: ServiceStatus & { hostPid: number }): Promise<ServiceView> {
    const previous = this.lastReport.get(status.identity) ?? Promise.resolve();
    const sent = previous
      .catch(() => undefined)
      .then(() => this.transport.request<ServiceView>('POST', '/services/report', status));
    this.lastReport.set(status.identity, sent);
    const forget = () => {
      if (this.lastReport.get(status.identity) === sent) this.lastReport.delete(status.identity);
    };
    sent.then(forget, forget);
    return sent;
  }

  /** `pd up -d`: the daemon runs them; answers once all are ready (or one failed: 409). */
  up(request: UpRequest, timeoutMs = 600_000): Promise<{ services: ServiceView[] }> {
    return this.transport.request('POST', '/services/up', request, timeoutMs);
  }

  /** Stops daemon-hosted services; `foreground` names those a foreground pd up runs. */
  down(request: DownRequest): Promise<DownResponse> {
    return this.transport.request('POST', '/services/down', request, 120_000);
  }

  list(project?: string): Promise<{ services: ServiceView[] }> {
    const query = project === undefined ? '' : `?project=${encodeURIComponent(project)}`;
    return this.transport.request('GET', `/services${query}`);
  }

  get(identity: string): Promise<ServiceView> {
    return this.transport.request('GET', `/services/${encodeURIComponent(identity)}`);
  }

  /** Blocks until every identity is ready (or marked ready), or the timeout (ms) passes. */
  wait(identities: string[], timeoutMs: number): Promise<WaitResponse> {
    return this.transport.request(
      'POST',
      '/services/wait',
      { identities, timeout: `${timeoutMs}ms` },
      timeoutMs + WAIT_SLACK_MS,
    );
  }

  /** `pd integration ready`: marks it ready (known or not) and publishes service.ready. */
  markReady(identity: string): Promise<ServiceView> {
    return this.transport.request('POST', `/services/${encodeURIComponent(identity)}/ready`);
  }

  /** Its named local URL and claimed port. */
  url(identity: string): Promise<ServiceUrlView> {
    return this.transport.request('GET', `/services/${encodeURIComponent(identity)}/url`);
  }
}
