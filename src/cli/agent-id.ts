import { randomBytes } from 'node:crypto';
import { CliError, EXIT } from './exit-codes.js';
import { resolveAgentId } from './session-context.js';

/** A fresh id for an agent that did not name itself: `agent-` and 6 hex digits. */
export function newAgentId(): string {
  return `agent-${randomBytes(3).toString('hex')}`;
}

/** The calling agent (--agent, $PORT_DADDY_AGENT, `pd begin` context); none is a usage error. */
export function requireAgentId(explicit?: string): string {
  const agent = resolveAgentId(explicit);
  if (agent === undefined) {
    throw new CliError(
      'no agent id: pass --agent <id>, set PORT_DADDY_AGENT, or run pd agent register / pd begin first',
      EXIT.USAGE,
    );
  }
  return agent;
}
