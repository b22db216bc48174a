import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { patternParamsSchema, pollQuerySchema, publishRequestSchema } from '../../api/pubsub.js';
import { defineTool } from '../define-tool.js';
import type { McpContext } from '../mcp-context.js';
import { required } from '../tool-result.js';

const publish = publishRequestSchema.shape;

/** Pub/sub channels: broadcast to whoever listens, read what was said since an id. */
export function registerChannelTools(server: McpServer, ctx: McpContext): void {
  defineTool(server, {
    name: 'channels',
    description:
      'Broadcast channels shared by every agent (e.g. myapp:builds). publish: post message (any JSON) on channel, sent by you; answers its id. read: messages on a channel or pattern after the id since, oldest first; keep lastId from the answer and pass it as since next time to see only what is new. Reading never consumes anything.',
    input: {
      action: z.enum(['publish', 'read']),
      channel: patternParamsSchema.shape.channel,
      message: publish.message.optional().describe('publish: any JSON value'),
      signal: publish.signal,
      replyTo: publish.replyTo,
      since: pollQuerySchema.shape.since,
      limit: pollQuerySchema.shape.limit,
    },
    run: ({ action, channel, message, signal, replyTo, since, limit }) =>
      ctx.call<unknown>((client) => {
        if (action === 'read') return client.pubsub.messages(channel, { since, limit });
        return client.pubsub.publish(channel, required(message, 'message', action), {
          signal,
          replyTo,
          sender: ctx.agent,
        });
      }),
  });
}
