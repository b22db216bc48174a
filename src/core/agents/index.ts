export type {
  Agent,
  AgentEndReason,
  AgentState,
  RegisterAgentInput,
  RegisterResult,
  SalvageState,
} from './agent.js';
export {
  AgentRegistry,
  checkAgentId,
  MIN_AGENT_TIMEOUT_MS,
  type AgentRegistryDeps,
} from './agent-registry.js';
