import { PdError } from '../api/errors.js';
import type { CliContext } from './cli-context.js';
import { readSessionContext, resolveAgentId } from './session-context.js';

export interface SessionTarget {
  session: string;
  agent: string | undefined;
}

/**
 * The session a command acts on: --session, else the one `pd begin` recorded in this worktree
 * (when it is the calling agent's and came from this daemon), else the agent's open session.
 */
export async function currentSession(
  ctx: CliContext,
  options: { session?: string; agent?: string },
): Promise<SessionTarget> {
  const agent = resolveAgentId(options.agent);
  if (options.session) return { session: options.session, agent };
  const context = readSessionContext();
  const sameDaemon = context?.url === undefined || context.url === ctx.config.url;
  if (context && sameDaemon && (agent === undefined || context.agent === agent)) {
    return { session: context.session, agent: context.agent };
  }
  if (agent === undefined) {
    throw new PdError(
      'NO_ACTIVE_SESSION',
      'no session here: run pd begin "<purpose>" first, or pass --agent <id> or --session <id>',
      {},
    );
  }
  const { sessions } = await ctx.call((client) => client.sessions.list({ agent }));
  const open = sessions[0];
  if (!open) {
    throw new PdError(
      'NO_ACTIVE_SESSION',
      `agent ${agent} has no open session: run pd begin "<purpose>" first`,
      { agent },
    );
  }
  return { session: open.id, agent };
}
