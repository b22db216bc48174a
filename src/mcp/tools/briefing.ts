import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { lookQuerySchema, projectQuerySchema } from '../../api/briefing.js';
import { parseDuration } from '../../api/duration.js';
import { PdError } from '../../client/index.js';
import { defineTool } from '../define-tool.js';
import type { McpContext } from '../mcp-context.js';

/** One page of who does what, and optionally what changed lately. */
export function registerBriefingTools(server: McpServer, ctx: McpContext): void {
  defineTool(server, {
    name: 'briefing',
    description:
      'Call this first. One page of the situation: live agents and their open sessions by phase, claimed ports, files and locks, the newest notes, and dead agents whose work waits for salvage. changes (a duration such as 30m) adds what changed in that window: a one-line summary, the notable events and the notes written.',
    input: {
      project: projectQuerySchema.shape.project,
      changes: lookQuerySchema.shape.window.describe(
        'Also report what changed in the last 30s, 30m, 2h...',
      ),
    },
    annotations: { readOnlyHint: true },
    run: ({ project, changes }) =>
      ctx.call<unknown>(async (client) => {
        const briefing = await client.briefing.briefing(project);
        if (changes === undefined) return briefing;
        const windowMs = parseDuration(changes);
        if (windowMs === undefined) {
          throw new PdError(
            'INVALID_INPUT',
            `changes must be a duration such as 30m, got "${changes}"`,
            {
              field: 'changes',
            },
          );
        }
        return { ...briefing, changes: await client.briefing.look(Date.now() - windowMs, changes) };
      }),
  });
}
