import os from 'node:os';

/** Who a CLI caller is when it does not say: $PORT_DADDY_AGENT, else user@host. */
export function defaultOwner(): string {
  if (process.env.PORT_DADDY_AGENT) return process.env.PORT_DADDY_AGENT;
  let user = 'user';
  try {
    user = os.userInfo().username;
  } catch {
    // no passwd entry (some containers): keep the generic name
  }
  return `${user}@${os.hostname()}`;
}
