import { PdError, type PdClient } from '../client/index.js';
import type { McpContext } from './mcp-context.js';

/**
 * The session a tool acts on: the one named, else the server agent's newest open session. Asked
 * of the daemon each time, so a session taken over with salvage is found like a begun one.
 */
export async function activeSession(
  client: PdClient,
  ctx: McpContext,
  explicit: string | undefined,
): Promise<string> {
  if (explicit !== undefined) return explicit;
  const { sessions } = await client.sessions.list({ agent: ctx.agent });
  const open = sessions[0];
  if (open === undefined) {
    throw new PdError(
      'NO_ACTIVE_SESSION',
      `agent ${ctx.agent} has no open session: call sessions with action begin (or salvage claim) first`,
      { agent: ctx.agent },
    );
  }
  return open.id;
}
