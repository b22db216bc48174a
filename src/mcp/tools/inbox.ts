import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import {
  inboxParamsSchema,
  listInboxQuerySchema,
  sendInboxRequestSchema,
} from '../../api/inbox.js';
import { defineTool } from '../define-tool.js';
import type { McpContext } from '../mcp-context.js';
import { required } from '../tool-result.js';

const list = listInboxQuerySchema.shape;

/** Direct messages between agents. */
export function registerInboxTools(server: McpServer, ctx: McpContext): void {
  defineTool(server, {
    name: 'inbox',
    description:
      'Direct messages between agents. send: text to the inbox of agent (e.g. ask the holder of a file claim to hand it over). read: your own inbox, oldest first, after the id since; unread: only unread ones; markRead: mark the answered messages read (listing alone never does).',
    input: {
      action: z.enum(['send', 'read']),
      agent: inboxParamsSchema.shape.agent.optional().describe('send: the recipient agent id'),
      text: sendInboxRequestSchema.shape.text.optional().describe('send: the message'),
      // A query-string flag on HTTP ('true'/'false'); a tool argument is a real boolean.
      unread: z
        .boolean()
        .optional()
        .describe(list.unread.description ?? 'Only unread messages'),
      since: list.since,
      limit: list.limit,
      markRead: z.boolean().optional().describe('read: mark the messages returned as read'),
    },
    run: ({ action, agent, text, unread, since, limit, markRead }) =>
      ctx.call<unknown>(async (client) => {
        if (action === 'send') {
          return client.inbox.send(
            required(agent, 'agent', action),
            required(text, 'text', action),
            {
              sender: ctx.agent,
            },
          );
        }
        const inbox = await client.inbox.list(ctx.agent, { unread, since, limit });
        const unreadIds = inbox.messages.filter((m) => m.readAt === null).map((m) => m.id);
        if (!markRead || unreadIds.length === 0) return inbox;
        const { marked } = await client.inbox.read(ctx.agent, unreadIds);
        return { ...inbox, unread: inbox.unread - marked, marked };
      }),
  });
}
