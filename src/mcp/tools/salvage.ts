import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { projectQuerySchema, salvageParamsSchema } from '../../api/briefing.js';
import { defineTool } from '../define-tool.js';
import type { McpContext } from '../mcp-context.js';
import { required } from '../tool-result.js';

/** Dead agents' unfinished work: list it, take it over. */
export function registerSalvageTools(server: McpServer, ctx: McpContext): void {
  defineTool(server, {
    name: 'salvage',
    description:
      "Unfinished work of agents that died. list: dead agents whose last session waits, with its purpose, phase and files. claim: take over agent's session: you get a new session continuing it, its notes, and its file claims back (skipped lists those someone else took meanwhile). Read the notes (notes read with the previous session) before carrying on.",
    input: {
      action: z.enum(['list', 'claim']),
      agent: salvageParamsSchema.shape.agent.optional().describe('claim: the dead agent'),
      project: projectQuerySchema.shape.project,
    },
    run: ({ action, agent, project }) =>
      ctx.call<unknown>((client) =>
        action === 'list'
          ? client.briefing.salvage(project)
          : client.briefing.claimSalvage(required(agent, 'agent', action), ctx.agent),
      ),
  });
}
