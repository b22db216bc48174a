import type {
  ClaimList,
  ClaimRequest,
  ClaimResponse,
  ReleaseResponse,
  WhoResponse,
} from '../api/ports.js';
import type { EventList, Health, Integrity, Status } from '../api/system.js';
import { HttpTransport } from './http-transport.js';
import { AgentsClient } from './agents-client.js';
import { BriefingClient } from './briefing-client.js';
import { ChannelsClient } from './channels-client.js';
import { FilesClient } from './files-client.js';
import { InboxClient } from './inbox-client.js';
import { LocksClient } from './locks-client.js';
import { PubSubClient } from './pubsub-client.js';
import { ServicesClient } from './services-client.js';
import { SessionsClient } from './sessions-client.js';
import { SnapshotsClient } from './snapshots-client.js';
import { WebhooksClient } from './webhooks-client.js';

export interface PdClientOptions {
  /** Default: PORT_DADDY_URL, else http://127.0.0.1:9876. */
  url?: string;
  timeoutMs?: number;
}

const query = (params: Record<string, string | number | undefined>) => {
  const entries = Object.entries(params).filter(
    (entry): entry is [string, string | number] => entry[1] !== undefined,
  );
  return entries.length === 0
    ? ''
    : '?' +
        new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)])).toString();
};

/** The typed port-daddy client: every surface (CLI, MCP, dashboard, your scripts) uses it. */
export class PdClient {
  readonly url: string;
  private readonly transport: HttpTransport;
  /** Named locks with fencing tokens. */
  readonly locks: LocksClient;
  /** Channels: publish, poll, subscribe. */
  readonly pubsub: PubSubClient;
  /** Declared channels (scoped to repo or branch). */
  readonly channels: ChannelsClient;
  /** Per-agent inboxes. */
  readonly inbox: InboxClient;
  /** Webhook subscriptions and their deliveries. */
  readonly webhooks: WebhooksClient;
  /** The agent registry: register, heartbeat, list. */
  readonly agents: AgentsClient;
  /** Sessions (begin, phase, done) and their notes. */
  readonly sessions: SessionsClient;
  /** Advisory file claims. */
  readonly files: FilesClient;
  /** Snapshots of claimed files. */
  readonly snapshots: SnapshotsClient;
  /** Salvage of dead agents' work and situation reports. */
  readonly briefing: BriefingClient;
  /** Services run by pd up. */
  readonly services: ServicesClient;

  constructor(options: PdClientOptions = {}) {
    this.url = options.url ?? process.env.PORT_DADDY_URL ?? 'http://127.0.0.1:9876';
    this.transport = new HttpTransport({ url: this.url, timeoutMs: options.timeoutMs ?? 30_000 });
    this.locks = new LocksClient(this.transport);
    this.pubsub = new PubSubClient(this.transport);
    this.channels = new ChannelsClient(this.transport);
    this.inbox = new InboxClient(this.transport);
    this.webhooks = new WebhooksClient(this.transport);
    this.agents = new AgentsClient(this.transport);
    this.sessions = new SessionsClient(this.transport);
    this.files = new FilesClient(this.transport);
    this.snapshots = new SnapshotsClient(this.transport);
    this.briefing = new BriefingClient(this.transport);
    this.services = new ServicesClient(this.transport);
  }

  health(): Promise<Health> {
    return this.transport.request('GET', '/health');
  }

  status(): Promise<Status> {
    return this.transport.request('GET', '/status');
  }

  integrity(): Promise<Integrity> {
    return this.transport.request('GET', '/admin/integrity');
  }

  shutdown(): Promise<{ ok: true; pid: number }> {
    return this.transport.request('POST', '/admin/shutdown');
  }

  events(options: { since?: number; limit?: number } = {}): Promise<EventList> {
    return this.transport.request('GET', '/events' + query(options));
  }

  /** Same identity, same port; `port` asks for an exact one. */
  claim(request: ClaimRequest): Promise<ClaimResponse> {
    return this.transport.request('POST', '/claims', request);
  }

  /** An identity, its descendants, or a pattern such as `myapp:*`. */
  claims(pattern?: string): Promise<ClaimList> {
    return this.transport.request('GET', '/claims' + query({ pattern }));
  }

  release(pattern: string): Promise<ReleaseResponse> {
    return this.transport.request('POST', '/claims/release', { pattern });
  }

  who(port: number): Promise<WhoResponse> {
    return this.transport.request('GET', `/ports/${encodeURIComponent(String(port))}`);
  }

  openApi(): Promise<Record<string, unknown>> {
    return this.transport.request('GET', '/openapi.json');
  }

  /** Frees the keep-alive sockets so the process can exit. */
  close(): void {
    this.transport.close();
  }
}
