import type { PdClient } from '../client/index.js';

/** What every tool receives from the `pd mcp` host: the daemon, and who the server is. */
export interface McpContext {
  /** Runs a request against the daemon, starting it when it is down (the CLI's own logic). */
  call<T>(request: (client: PdClient) => Promise<T>): Promise<T>;
  /** The server's agent: owner of its claims and locks, author of its notes. */
  agent: string;
  /** The git worktree root the server runs in: file paths are relative to it. */
  root: string;
  /** The server's own pid: the daemon declares the agent dead once it is gone. */
  pid: number;
  /** The agent's heartbeat timeout in milliseconds. */
  agentTimeoutMs: number;
}
