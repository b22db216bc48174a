import os from 'node:os';
import { resolveAgentId } from './session-context.js';

/** Who a CLI caller is when it does not say: the agent (env or `pd begin` context), else user@host. */
export function defaultOwner(): string {
  const agent = resolveAgentId();
  if (agent) return agent;
  let user = 'user';
  try {
    user = os.userInfo().username;
  } catch {
    // no passwd entry (some containers): keep the generic name
  }
  return `${user}@${os.hostname()}`;
}
