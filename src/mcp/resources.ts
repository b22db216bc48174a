import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpContext } from './mcp-context.js';

/** The activity resource shows this many of the newest events. */
const ACTIVITY_TAIL = 100;

/** Read-only views a client can attach to the model's context without a tool call. */
export function registerResources(server: McpServer, ctx: McpContext): void {
  server.registerResource(
    'briefing',
    'portdaddy://briefing',
    {
      title: 'port-daddy briefing',
      description: 'Live agents, open sessions, claimed ports, files and locks, notes, salvage',
      mimeType: 'application/json',
    },
    async (uri) => {
      const briefing = await ctx.call((client) => client.briefing.briefing());
      return {
        contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(briefing) }],
      };
    },
  );
  server.registerResource(
    'activity',
    'portdaddy://activity',
    {
      title: 'port-daddy activity log',
      description: `The ${ACTIVITY_TAIL} newest events (claims, locks, sessions, agents...), oldest first`,
      mimeType: 'application/json',
    },
    async (uri) => {
      const events = await ctx.call(async (client) => {
        // Event ids only grow: the last N of T events all have ids above T - N.
        const total = (await client.status()).counts.events;
        return client.events({ since: Math.max(0, total - ACTIVITY_TAIL), limit: ACTIVITY_TAIL });
      });
      return {
        contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(events) }],
      };
    },
  );
}
