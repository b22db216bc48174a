import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { AgentIdentity } from './agent-identity.js';
import type { McpContext } from './mcp-context.js';
import { registerResources } from './resources.js';
import { registerAgentTools } from './tools/agents.js';
import { registerBriefingTools } from './tools/briefing.js';
import { registerChannelTools } from './tools/channels.js';
import { registerFileTools } from './tools/files.js';
import { registerInboxTools } from './tools/inbox.js';
import { registerLockTools } from './tools/locks.js';
import { registerNoteTools } from './tools/notes.js';
import { registerPortTools } from './tools/ports.js';
import { registerSalvageTools } from './tools/salvage.js';
import { registerServiceTools } from './tools/services.js';
import { registerSessionTools } from './tools/sessions.js';

export type { McpContext } from './mcp-context.js';

/** Sent at initialize: the workflow, so a model knows the order before it reads any tool. */
const INSTRUCTIONS = `port-daddy coordinates the AI agents and dev servers on this machine. You are one agent.
1. Call briefing first: who works on what, which files and ports are taken, dead agents' work.
2. If salvage lists a dead agent's session on your task, salvage claim it and read its notes.
3. Otherwise sessions begin with your purpose (and the files you will edit), or files claim them.
   A FILES_CLAIMED error names the holder: work elsewhere or ask it through inbox send.
4. notes write as you decide or learn things; sessions phase as you move on.
5. sessions done with a summary when finished: it releases your files, locks and port.
Use ports claim for a dev server port instead of picking one; services wait/url for what pd up runs.`;

/** The MCP server with every tool group and resource registered, not yet connected. */
export function createMcpServer(ctx: McpContext, version: string): McpServer {
  const server = new McpServer(
    { name: 'port-daddy', version },
    { instructions: INSTRUCTIONS, capabilities: { resources: {}, tools: {} } },
  );
  for (const register of [
    registerBriefingTools,
    registerSessionTools,
    registerNoteTools,
    registerFileTools,
    registerPortTools,
    registerLockTools,
    registerChannelTools,
    registerInboxTools,
    registerAgentTools,
    registerSalvageTools,
    registerServiceTools,
  ]) {
    register(server, ctx);
  }
  registerResources(server, ctx);
  return server;
}

/**
 * Serves MCP on stdin/stdout until the client closes stdin; the agent is registered at start
 * and heartbeats meanwhile. Logs go to stderr: stdout carries only the protocol.
 */
export async function runMcpServer(ctx: McpContext, version: string): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const server = createMcpServer(ctx, version);
  const identity = new AgentIdentity(ctx, { log });
  const transport = new StdioServerTransport();
  await server.connect(transport);
  // The client is gone when stdin ends (or the transport closes on a stream error).
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = resolve;
    process.stdin.once('end', resolve);
  });
  log(`pd mcp: serving as agent ${ctx.agent} (pid ${ctx.pid})`);
  await identity.start();
  await closed;
  identity.stop();
  await server.close();
}
