export type {
  Agent,
  AgentEndReason,
  AgentState,
  RegisterAgentInput,
  RegisterResult,
  SalvageState,
} from './agent.js';
export { AgentRegistry, type AgentRegistryDeps } from './agent-registry.js';
