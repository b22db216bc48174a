import type {
  AgentView,
  RegisterAgentRequest,
  RegisterAgentResultView,
  UnregisterAgentResultView,
} from '../api/agents.js';
import type { HttpTransport } from './http-transport.js';

const path = (id: string, suffix = '') => `/agents/${encodeURIComponent(id)}${suffix}`;

/** Agents: register, heartbeat, list, show, unregister. */
export class AgentsClient {
  constructor(protected readonly transport: HttpTransport) {}

  /** Creates, updates or revives the agent; `deadInProject` lists work waiting for salvage. */
  register(request: RegisterAgentRequest): Promise<RegisterAgentResultView> {
    return this.transport.request('POST', '/agents', request);
  }

  /** Rejects with NOT_FOUND (404) for an id never registered. */
  heartbeat(id: string): Promise<AgentView> {
    return this.transport.request('POST', path(id, '/heartbeat'));
  }

  /** Alive and stale agents; `all` adds dead and left ones. */
  list(filter: { project?: string; all?: boolean } = {}): Promise<{ agents: AgentView[] }> {
    const query = new URLSearchParams();
    if (filter.project !== undefined) query.set('project', filter.project);
    if (filter.all) query.set('all', 'true');
    const search = query.toString();
    return this.transport.request('GET', search ? `/agents?${search}` : '/agents');
  }

  get(id: string): Promise<AgentView> {
    return this.transport.request('GET', path(id));
  }

  /** The agent leaves; answers what was released on its behalf. */
  unregister(id: string): Promise<UnregisterAgentResultView> {
    return this.transport.request('POST', path(id, '/unregister'));
  }
}
