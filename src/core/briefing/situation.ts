import type { Agent } from '../agents/index.js';
import type { ActivityEvent } from '../events/index.js';
import type { FileClaim } from '../file-claims/index.js';
import type { Lock, LockManager } from '../locks/index.js';
import type { Claim, PortRegistry } from '../ports/index.js';
import type { Note, Session } from '../sessions/index.js';
import { listSalvage, type SalvageCandidate, type SalvageDeps } from './salvage.js';
import { countChanges, summaryLine, type ChangeCounts } from './summarize-changes.js';

export interface SituationDeps extends SalvageDeps {
  ports: PortRegistry;
  locks: LockManager;
}

export interface Briefing {
  project: string | null;
  agents: Agent[];
  /** Open sessions, grouped by phase in workflow order. */
  sessions: Session[];
  phases: Record<string, number>;
  ports: Claim[];
  files: FileClaim[];
  locks: Lock[];
  notes: Note[];
  salvage: SalvageCandidate[];
}

export interface ChangeReport {
  since: number;
  until: number;
  line: string;
  counts: ChangeCounts;
  /** The changes worth reading, oldest first (renewals and reads left out). */
  events: ActivityEvent[];
  /** Whether more events happened than `events` holds. */
  truncated: boolean;
  notes: Note[];
}

const PHASE_ORDER = ['planning', 'in_progress', 'testing', 'reviewing'];
const RECENT_NOTES = 20;
const COUNTED_EVENTS = 10_000;
const LISTED_EVENTS = 200;
const QUIET_TYPES = new Set(['claim.renewed', 'lock.extended', 'inbox.read', 'file.renewed']);

const inProject = (project: string | undefined, value: string | null) =>
  project === undefined || value === project;

/** One page: who is working on what, what they hold, what they said, what waits for salvage. */
export function buildBriefing(deps: SituationDeps, project?: string): Briefing {
  const agents = deps.agents.list({ project });
  const agentIds = new Set(agents.map((agent) => agent.id));
  const sessions = deps.sessions
    .list({ project })
    .sort((a, b) => PHASE_ORDER.indexOf(a.phase) - PHASE_ORDER.indexOf(b.phase));
  const phases: Record<string, number> = {};
  for (const session of sessions) phases[session.phase] = (phases[session.phase] ?? 0) + 1;
  const ports = project === undefined ? deps.ports.find() : deps.ports.find(`${project}:*`);
  const files = deps.files
    .list()
    .filter((claim) => project === undefined || agentIds.has(claim.agentId));
  const locks = deps.locks
    .list()
    .filter((lock) => project === undefined || agentIds.has(lock.owner));
  return {
    project: project ?? null,
    agents,
    sessions,
    phases,
    ports,
    files,
    locks,
    notes: deps.sessions.notes({ project, limit: RECENT_NOTES }),
    salvage: listSalvage(deps, project),
  };
}

/** What changed since `since` (ms): a one-line summary, the notable events and the notes. */
export function changesSince(deps: SituationDeps, since: number, window: string): ChangeReport {
  const all = deps.events.listSinceTime(since, COUNTED_EVENTS);
  const notable = all.filter((event) => !QUIET_TYPES.has(event.type));
  const counts = countChanges(all);
  const live = deps.agents.list().filter((agent) => agent.state === 'alive').length;
  const line = summaryLine(counts, {
    window,
    awaitingSalvage: deps.agents.awaitingSalvage().length,
    liveAgents: live,
  });
  return {
    since,
    until: deps.clock.now(),
    line,
    counts,
    events: notable.slice(-LISTED_EVENTS),
    truncated: notable.length > LISTED_EVENTS || all.length === COUNTED_EVENTS,
    notes: deps.sessions.notes({ since, limit: 50 }),
  };
}

export interface ChangelogSession {
  session: Session;
  notes: Note[];
}

export interface ChangelogProject {
  project: string | null;
  agents: { agent: string; sessions: ChangelogSession[] }[];
}

/**
 * Finished and salvaged work, grouped by project, then agent, then session (newest first),
 * each with its summary and notes.
 */
export function buildChangelog(
  deps: SituationDeps,
  options: { project?: string | undefined; limit: number },
): ChangelogProject[] {
  const ended = deps.sessions
    .list({ all: true, project: options.project })
    .filter(
      (session) =>
        session.phase === 'completed' ||
        (session.phase === 'abandoned' && session.salvagedTo !== null),
    )
    .slice(0, options.limit);
  const projects = new Map<string | null, Map<string, ChangelogSession[]>>();
  for (const session of ended) {
    if (!inProject(options.project, session.project)) continue;
    const byAgent = projects.get(session.project) ?? new Map<string, ChangelogSession[]>();
    projects.set(session.project, byAgent);
    const list = byAgent.get(session.agentId) ?? [];
    byAgent.set(session.agentId, list);
    list.push({ session, notes: deps.sessions.notes({ sessionId: session.id, limit: 1000 }) });
  }
  return [...projects.entries()].map(([project, byAgent]) => ({
    project,
    agents: [...byAgent.entries()].map(([agent, sessions]) => ({ agent, sessions })),
  }));
}
