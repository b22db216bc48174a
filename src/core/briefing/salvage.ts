import { PdError } from '../../api/errors.js';
import type { Agent, AgentRegistry } from '../agents/index.js';
import type { Clock } from '../clock.js';
import type { EventLog } from '../events/index.js';
import type { FileClaim, FileClaims, PreparedFileClaim } from '../file-claims/index.js';
import type { Session, Sessions } from '../sessions/index.js';

export interface SalvageDeps {
  clock: Clock;
  events: EventLog;
  agents: AgentRegistry;
  sessions: Sessions;
  files: FileClaims;
}

/** A dead (or departed) agent whose work waits: what it was doing and what it held. */
export interface SalvageCandidate {
  agent: Agent;
  /** Its last session, abandoned when it died; null when it died without one. */
  session: Session | null;
  /** The files its session had claimed (released at its death), one entry per pattern. */
  files: { root: string; pattern: string }[];
}

export interface SalvageClaimed {
  from: Agent;
  /** The session that continues the work, now the caller's. */
  session: Session;
  previousSession: string;
  reclaimed: FileClaim[];
  /** Patterns another live session holds now: not re-claimed. */
  skipped: { root: string; pattern: string; holder: string | null; purpose: string | null }[];
}

function uniquePatterns(claims: readonly FileClaim[]): { root: string; pattern: string }[] {
  const seen = new Map<string, { root: string; pattern: string }>();
  for (const claim of claims) {
    seen.set(`${claim.root}\0${claim.pattern}`, { root: claim.root, pattern: claim.pattern });
  }
  return [...seen.values()];
}

/** Dead agents' unfinished work, newest death first. */
export function listSalvage(deps: SalvageDeps, project?: string): SalvageCandidate[] {
  return deps.agents
    .awaitingSalvage(project)
    .sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0))
    .map((agent) => {
      const latest = deps.sessions.latestFor(agent.id);
      const session = latest ? (deps.sessions.get(latest.id) ?? null) : null;
      const files = session
        ? uniquePatterns(deps.files.bySession(session.id, { includeReleased: true }))
        : [];
      return { agent, session, files };
    });
}

function salvageable(deps: SalvageDeps, agentId: string): { agent: Agent; session: Session } {
  const agent = deps.agents.get(agentId);
  if (!agent) throw new PdError('NOT_FOUND', `no agent ${agentId}`, { agent: agentId });
  const waiting = deps.agents.awaitingSalvage().some((candidate) => candidate.id === agentId);
  if (!waiting) {
    const why =
      agent.state === 'alive' || agent.state === 'stale'
        ? `it is ${agent.state}; only a dead agent's work can be salvaged`
        : `its work was already ${agent.salvage ?? 'let go'}`;
    throw new PdError('NOT_SALVAGEABLE', `cannot salvage ${agentId}: ${why}`, {
      agent: agentId,
      state: agent.state,
      salvage: agent.salvage,
    });
  }
  const latest = deps.sessions.latestFor(agentId);
  const session = latest && deps.sessions.get(latest.id);
  if (!session || session.phase !== 'abandoned' || session.salvagedTo !== null) {
    throw new PdError(
      'NOT_SALVAGEABLE',
      `${agentId} left no abandoned session to take over; run: pd salvage dismiss ${agentId}`,
      { agent: agentId, session: session?.id ?? null },
    );
  }
  return { agent, session };
}

/**
 * Moves a dead agent's last session to `callerId`: a new session with the same purpose and
 * identity, the notes moved over with a handoff note, and its files claimed again where free.
 */
export async function claimSalvage(
  deps: SalvageDeps,
  deadId: string,
  callerId: string,
): Promise<SalvageClaimed> {
  if (deadId === callerId) {
    throw new PdError('INVALID_INPUT', 'an agent cannot salvage its own work; register anew', {
      issues: [{ path: 'agent', message: 'same as the dead agent' }],
    });
  }
  const checked = salvageable(deps, deadId);
  deps.sessions.refuseIfOpen(callerId);
  const patterns = uniquePatterns(
    deps.files.bySession(checked.session.id, { includeReleased: true }),
  );
  // Listing the repo is slow: done before the transaction, one claim per pattern.
  const prepared: PreparedFileClaim[] = [];
  for (const { root, pattern } of patterns) {
    prepared.push(
      await deps.files.prepareClaim({ agentId: callerId, sessionId: null, root, paths: [pattern] }),
    );
  }
  return deps.events.transact(() => {
    // Checked again: the agent may have come back, or someone else salvaged it meanwhile.
    const { agent, session: old } = salvageable(deps, deadId);
    const when = agent.endedAt === null ? '' : ` at ${new Date(agent.endedAt).toISOString()}`;
    const how = agent.endReason === null ? '' : ` (${agent.endReason})`;
    const ended = agent.state === 'left' ? 'left' : 'died';
    deps.agents.register({
      id: callerId,
      identity: old.identity ?? undefined,
      project: old.project ?? undefined,
      purpose: old.purpose,
    });
    const session = deps.sessions.salvage(
      old.id,
      callerId,
      `Salvaged by ${callerId}: ${deadId} ${ended}${how}${when}; session ${old.id} continues here.`,
    );
    const reclaimed: FileClaim[] = [];
    const skipped: SalvageClaimed['skipped'] = [];
    for (const claim of prepared) {
      try {
        reclaimed.push(...deps.files.commitClaim(claim, session.id));
      } catch (error) {
        if (!(error instanceof PdError) || error.code !== 'FILES_CLAIMED') throw error;
        const first = (
          error.details.conflicts as { holder?: { agent?: string; purpose?: string } }[]
        )?.[0];
        skipped.push({
          root: claim.input.root,
          pattern: claim.input.paths[0]!,
          holder: first?.holder?.agent ?? null,
          purpose: first?.holder?.purpose ?? null,
        });
      }
    }
    const from = deps.agents.setSalvage(deadId, 'claimed');
    return {
      from,
      session: deps.sessions.require(session.id),
      previousSession: old.id,
      reclaimed,
      skipped,
    };
  });
}

/** Lets a dead agent's work go: it leaves `pd salvage`; its notes stay readable. */
export function dismissSalvage(deps: SalvageDeps, deadId: string): Agent {
  const agent = deps.agents.get(deadId);
  if (!agent) throw new PdError('NOT_FOUND', `no agent ${deadId}`, { agent: deadId });
  if (!deps.agents.awaitingSalvage().some((candidate) => candidate.id === deadId)) {
    throw new PdError('NOT_SALVAGEABLE', `${deadId} has no work waiting for salvage`, {
      agent: deadId,
      state: agent.state,
      salvage: agent.salvage,
    });
  }
  return deps.agents.setSalvage(deadId, 'dismissed');
}
