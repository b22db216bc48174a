import type {
  BriefingView,
  ChangelogView,
  ChangeReportView,
  SalvageCandidateView,
  SalvageClaimedView,
} from '../api/briefing.js';
import type { AgentView } from '../api/agents.js';
import type { HttpTransport } from './http-transport.js';

const withQuery = (path: string, params: Record<string, string | number | undefined>) => {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) query.set(key, String(value));
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
};

const salvagePath = (agent: string, action: string) =>
  `/salvage/${encodeURIComponent(agent)}/${action}`;

/** Salvage of dead agents' work and the situation reports (briefing, look, changelog). */
export class BriefingClient {
  constructor(protected readonly transport: HttpTransport) {}

  /** Dead agents whose work waits, newest death first. */
  salvage(project?: string): Promise<{ agents: SalvageCandidateView[] }> {
    return this.transport.request('GET', withQuery('/salvage', { project }));
  }

  /** `caller` takes over `deadAgent`'s last session; NOT_SALVAGEABLE (409) when it can't. */
  claimSalvage(deadAgent: string, caller: string): Promise<SalvageClaimedView> {
    return this.transport.request('POST', salvagePath(deadAgent, 'claim'), { agent: caller });
  }

  dismissSalvage(deadAgent: string): Promise<{ agent: AgentView }> {
    return this.transport.request('POST', salvagePath(deadAgent, 'dismiss'));
  }

  briefing(project?: string): Promise<BriefingView> {
    return this.transport.request('GET', withQuery('/briefing', { project }));
  }

  /** What changed since `since` (epoch ms); `window` names it in the summary line. */
  look(since: number, window?: string): Promise<ChangeReportView> {
    return this.transport.request('GET', withQuery('/look', { since, window }));
  }

  changelog(options: { project?: string; limit?: number } = {}): Promise<ChangelogView> {
    return this.transport.request('GET', withQuery('/changelog', options));
  }
}
