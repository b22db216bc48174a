import { PdError } from '../../api/errors.js';
import type { PidCheck } from '../../shared/pid-alive.js';
import type { Db, Revision } from '../../store/index.js';
import type { Clock } from '../clock.js';
import type { EventLog } from '../events/index.js';
import type { Agent, RegisterAgentInput, RegisterResult, SalvageState } from './agent.js';

export interface AgentRegistryDeps {
  db: Db;
  clock: Clock;
  revision: Revision;
  events: EventLog;
  isPidAlive: PidCheck;
  /** Default heartbeat timeout (config.agentTimeoutMs). */
  timeoutMs: number;
}

const todo = () => new PdError('INTERNAL', 'agents: not written yet');

/** The agent registry (contract for the other domains; implementation to be written). */
export class AgentRegistry {
  constructor(protected readonly deps: AgentRegistryDeps) {}

  /** Creates or updates the agent; counts as a heartbeat; a dead or left agent comes back alive. */
  register(_input: RegisterAgentInput): RegisterResult {
    throw todo();
  }

  /** NOT_FOUND for an unknown id; a dead agent that heartbeats comes back alive. */
  heartbeat(_id: string): Agent {
    throw todo();
  }

  /** A heartbeat without an event, for calls that prove the agent is there (notes, phases). */
  touch(_id: string): void {
    throw todo();
  }

  get(_id: string): Agent | undefined {
    throw todo();
  }

  /** Alive and stale agents; `all` adds dead and left ones. */
  list(_filter: { project?: string | undefined; all?: boolean | undefined } = {}): Agent[] {
    throw todo();
  }

  /** Marks it left; the caller (recovery) releases what it held. */
  unregister(_id: string): Agent {
    throw todo();
  }

  /** Marks agents whose pid died or whose heartbeat timed out as dead; each is returned once. */
  reapDead(): Agent[] {
    return [];
  }

  setSalvage(_id: string, _state: SalvageState | null): Agent {
    throw todo();
  }

  /**
   * Agents whose work waits for salvage, optionally in one project: dead ones not yet claimed or
   * dismissed (salvage null or pending), and left ones whose open session was abandoned (pending).
   */
  awaitingSalvage(_project?: string): Agent[] {
    throw todo();
  }
}
