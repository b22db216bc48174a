/** alive/stale are computed from the last heartbeat when read; dead and left are stored. */
export type AgentState = 'alive' | 'stale' | 'dead' | 'left';

export type AgentEndReason = 'pid-dead' | 'timeout' | 'unregistered';

/** Where a dead agent's unfinished work stands: waiting for someone, taken over, or let go. */
export type SalvageState = 'pending' | 'claimed' | 'dismissed';

export interface Agent {
  id: string;
  /** Display name; the id unless given. */
  name: string;
  /** The first segment of the identity, or given; groups agents for salvage and briefings. */
  project: string | null;
  identity: string | null;
  purpose: string | null;
  pid: number | null;
  registeredAt: number;
  heartbeatAt: number;
  /** No heartbeat for this long: dead; for half of it: stale. */
  timeoutMs: number;
  state: AgentState;
  /** When it died or unregistered. */
  endedAt: number | null;
  endReason: AgentEndReason | null;
  /** Set when it ended with an open session; null when there was nothing to salvage. */
  salvage: SalvageState | null;
}

export interface RegisterAgentInput {
  id: string;
  name?: string | undefined;
  project?: string | undefined;
  identity?: string | undefined;
  purpose?: string | undefined;
  pid?: number | undefined;
  timeoutMs?: number | undefined;
}

export interface RegisterResult {
  agent: Agent;
  /** False when the id was already registered (re-registering updates it and counts as a heartbeat). */
  created: boolean;
  /** Dead agents of the same project whose work waits for `pd salvage`. */
  deadInProject: Agent[];
}
