import type { AgentRegistry, RegisterResult } from '../agents/index.js';
import type { EventLog } from '../events/index.js';
import type { FileClaim, FileClaims } from '../file-claims/index.js';
import type { LockManager } from '../locks/index.js';
import type { ClaimResult, PortRegistry } from '../ports/index.js';
import type { Phase, Session } from './session.js';
import type { Sessions } from './sessions.js';

/** The domains a session touches: it begins by claiming from them and releases on completion. */
export interface SessionWorkflowDeps {
  events: EventLog;
  agents: AgentRegistry;
  sessions: Sessions;
  files: FileClaims;
  ports: PortRegistry;
  locks: LockManager;
}

export interface BeginSessionInput {
  agentId: string;
  purpose: string;
  identity?: string | undefined;
  project?: string | undefined;
  pid?: number | undefined;
  timeoutMs?: number | undefined;
  worktree?: string | undefined;
  files?: { root: string; paths: string[] } | undefined;
}

export interface BegunSession {
  session: Session;
  registered: RegisterResult;
  port: ClaimResult | null;
  files: FileClaim[];
}

export interface SessionHoldings {
  files: number;
  locks: string[];
  ports: string[];
}

/**
 * `pd begin`: the slow parts first (listing the repo for the file claim, probing the OS for the
 * port), then agent, session and file claims in ONE transaction, so a conflict leaves nothing
 * behind; a port claimed only for this begin is given back when the transaction fails.
 */
export async function beginSession(
  deps: SessionWorkflowDeps,
  input: BeginSessionInput,
): Promise<BegunSession> {
  const { agentId } = input;
  // Fail before claiming anything when the agent is already busy.
  deps.sessions.refuseIfOpen(agentId);
  const prepared = input.files
    ? await deps.files.prepareClaim({ agentId, sessionId: null, ...input.files })
    : undefined;
  const port = input.identity ? await claimPort(deps, input.identity, agentId) : null;
  try {
    return deps.events.transact(() => {
      const registered = deps.agents.register({
        id: agentId,
        identity: input.identity,
        project: input.project,
        purpose: input.purpose,
        pid: input.pid,
        timeoutMs: input.timeoutMs,
      });
      const session = deps.sessions.begin({
        agentId,
        purpose: input.purpose,
        identity: input.identity,
        project: input.project ?? registered.agent.project ?? undefined,
        worktree: input.worktree ?? input.files?.root,
      });
      const files = prepared ? deps.files.commitClaim(prepared, session.id) : [];
      return { session: deps.sessions.require(session.id), registered, port, files };
    });
  } catch (error) {
    if (port && !port.existing) deps.ports.release(port.claim.identity);
    throw error;
  }
}

/**
 * The identity's port, owned by the agent unless someone else claimed it first: then it is only
 * looked up, so that `done` leaves another owner's port (a running dev server) alone.
 */
function claimPort(deps: SessionWorkflowDeps, identity: string, agentId: string) {
  const held = deps.ports.get(identity);
  const owner = held && held.owner !== agentId ? undefined : agentId;
  return deps.ports.claim({ identity, owner });
}

/**
 * Moves a session to `phase`; ending it (completed, or abandoned by its live agent) releases the
 * session's file claims, the agent's locks and the port of the session's identity when the agent
 * owns it. Notes are kept.
 */
export function endSession(
  deps: SessionWorkflowDeps,
  id: string,
  phase: Phase,
  summary?: string,
): { session: Session; released: SessionHoldings | null } {
  return deps.events.transact(() => {
    const session = deps.sessions.setPhase(id, phase, summary);
    // A call by the agent proves it is there (an agent the registry forgot is no error).
    deps.agents.touch(session.agentId);
    if (phase !== 'completed' && phase !== 'abandoned') return { session, released: null };
    return { session, released: releaseHoldings(deps, session) };
  });
}

function releaseHoldings(deps: SessionWorkflowDeps, session: Session): SessionHoldings {
  const files = deps.files.releaseBySession(session.id, 'session-completed');
  const locks = deps.locks.releaseHeldBy(session.agentId, null).map((lock) => lock.name);
  const claim = session.identity ? deps.ports.get(session.identity) : undefined;
  const ports =
    claim && claim.owner === session.agentId
      ? deps.ports.release(claim.identity).map((released) => released.identity)
      : [];
  return { files, locks, ports };
}
