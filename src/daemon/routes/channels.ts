import type { Hono } from 'hono';
import {
  declaredParamsSchema,
  discoverQuerySchema,
  ensureChannelRequestSchema,
  type ClearResponse,
  type DeclaredChannelView,
  type DiscoverResponse,
} from '../../api/channels.js';
import { PdError } from '../../api/errors.js';
import { channelParamsSchema } from '../../api/pubsub.js';
import { checkDeclaredName, type DeclaredChannel } from '../../core/pubsub/index.js';
import type { DaemonContext } from '../context.js';
import { validate } from '../http-errors.js';
import { readJson } from '../read-json.js';
import { isoTime } from '../iso-time.js';

function declaredView(declared: DeclaredChannel): DeclaredChannelView {
  return {
    name: declared.name,
    scope: declared.scope,
    aliases: declared.aliases,
    declaredAt: isoTime(declared.declaredAt),
    updatedAt: isoTime(declared.updatedAt),
  };
}

export function channelRoutes(app: Hono, ctx: DaemonContext): void {
  app.post('/declared-channels', async (c) => {
    const input = validate(ensureChannelRequestSchema, await readJson(c), 'channel declaration');
    const declared = ctx.declaredChannels.ensure(input.name, input.scope, input.aliases);
    return c.json(declaredView(declared));
  });

  app.get('/declared-channels', (c) => {
    const query = validate(discoverQuerySchema, c.req.query(), 'query');
    const found = ctx.declaredChannels.discover(query.prefix);
    return c.json({
      declared: found.declared.map(declaredView),
      channels: found.channels,
    } satisfies DiscoverResponse);
  });

  app.get('/declared-channels/:name', (c) => {
    const { name } = validate(declaredParamsSchema, c.req.param(), 'name');
    checkDeclaredName(name);
    const declared = ctx.declaredChannels.get(name);
    if (!declared)
      throw new PdError('NOT_FOUND', `no declared channel is named "${name}"`, { name });
    return c.json(declaredView(declared));
  });

  app.delete('/channels/:channel/messages', (c) => {
    const { channel } = validate(channelParamsSchema, c.req.param(), 'channel');
    const removed = ctx.declaredChannels.clear(channel);
    return c.json({ channel, removed } satisfies ClearResponse);
  });
}
