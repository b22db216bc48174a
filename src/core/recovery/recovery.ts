import type { Agent, AgentRegistry } from '../agents/index.js';
import type { EventLog } from '../events/index.js';
import type { FileClaims } from '../file-claims/index.js';
import type { LockManager } from '../locks/index.js';
import type { PortRegistry } from '../ports/index.js';
import type { Sessions } from '../sessions/index.js';

export interface RecoveryDeps {
  events: EventLog;
  agents: AgentRegistry;
  ports: PortRegistry;
  locks: LockManager;
  files: FileClaims;
  sessions: Sessions;
}

export interface ReleasedHoldings {
  agent: string;
  ports: string[];
  locks: string[];
  files: number;
  /** Sessions left open, now `abandoned` and waiting for `pd salvage`. */
  abandonedSessions: string[];
}

/**
 * Leases, not hope: when an agent dies or leaves, everything it held is released in one
 * transaction and its open sessions are kept, `abandoned`, for another agent to salvage.
 */
export class Recovery {
  constructor(private readonly deps: RecoveryDeps) {}

  /** Finds agents that died since the last call and releases what they held. */
  reapDeadAgents(): ReleasedHoldings[] {
    return this.deps.agents.reapDead().map((agent) => this.releaseHoldings(agent));
  }

  /** Call once the agent is marked dead or left. */
  releaseHoldings(agent: Agent): ReleasedHoldings {
    const { events, ports, locks, files, sessions, agents } = this.deps;
    return events.transact(() => {
      const freedPorts = ports.releaseHeldBy({
        owner: agent.id,
        pid: agent.pid,
        identity: agent.identity,
      });
      const freedLocks = locks.releaseHeldBy(agent.id, agent.pid);
      const freedFiles = files.releaseByAgent(agent.id, agent.endReason ?? 'agent-ended');
      const abandoned = sessions.abandonByAgent(agent.id);
      if (abandoned.length > 0) agents.setSalvage(agent.id, 'pending');
      return {
        agent: agent.id,
        ports: freedPorts.map((claim) => claim.identity),
        locks: freedLocks.map((lock) => lock.name),
        files: freedFiles,
        abandonedSessions: abandoned.map((session) => session.id),
      };
    });
  }
}
