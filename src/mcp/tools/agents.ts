import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { listAgentsQuerySchema } from '../../api/agents.js';
import { defineTool } from '../define-tool.js';
import type { McpContext } from '../mcp-context.js';

/** The agent registry; this server registers and heartbeats its own agent by itself. */
export function registerAgentTools(server: McpServer, ctx: McpContext): void {
  defineTool(server, {
    name: 'agents',
    description:
      'Who else is working on this machine: live agents with their purpose, liveness (alive, stale, dead) and salvage state; all adds dead and departed ones. Answers you: your own agent id (registered and kept alive by this server).',
    input: {
      project: listAgentsQuerySchema.shape.project,
      // A query-string flag on HTTP; a tool argument is a real boolean.
      all: z.boolean().optional().describe('Also dead and departed agents'),
    },
    annotations: { readOnlyHint: true },
    run: async ({ project, all }) => {
      const { agents } = await ctx.call((client) => client.agents.list({ project, all }));
      return { you: ctx.agent, agents };
    },
  });
}
