import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context, Hono } from 'hono';
import { PdError } from '../../api/errors.js';
import {
  channelParamsSchema,
  patternParamsSchema,
  pollQuerySchema,
  publishRequestSchema,
  subscribeQuerySchema,
  type MessageList,
  type MessageView,
} from '../../api/pubsub.js';
import type { Message, Subscriber, SubscriberEvent } from '../../core/pubsub/index.js';
import type { DaemonContext } from '../context.js';
import { validate } from '../http-errors.js';
import { readJson } from '../read-json.js';
import { openSseSink } from '../sse.js';
import { isoTime } from '../iso-time.js';

export function messageView(message: Message): MessageView {
  return {
    id: message.id,
    channel: message.channel,
    at: isoTime(message.at),
    sender: message.sender,
    signal: message.signal,
    message: message.data,
    replyTo: message.replyTo,
  };
}

const subscriberEventData = (event: SubscriberEvent) =>
  event.type === 'message' ? messageView(event.data) : event.data;

/** The query as an object: `channel` may repeat, every other key is taken once. */
function queryObject(c: Context): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const [key, values] of Object.entries(c.req.queries()))
    query[key] = key === 'channel' && values.length > 1 ? values : values[0];
  return query;
}

function lastEventId(c: Context): number | undefined {
  const header = c.req.header('last-event-id');
  if (header === undefined || header.trim() === '') return undefined;
  if (!/^\d{1,15}$/.test(header.trim())) {
    throw new PdError('INVALID_INPUT', `invalid Last-Event-ID "${header}": must be a message id`, {
      issues: [{ path: 'Last-Event-ID', message: 'not a message id' }],
    });
  }
  return Number(header.trim());
}

export function pubsubRoutes(app: Hono, ctx: DaemonContext): void {
  app.post('/channels/:channel/messages', async (c) => {
    const { channel } = validate(channelParamsSchema, c.req.param(), 'channel');
    const input = validate(publishRequestSchema, await readJson(c), 'publish request');
    const message = ctx.pubsub.publish({
      channel,
      data: input.message,
      signal: input.signal,
      sender: input.sender,
      replyTo: input.replyTo,
    });
    return c.json(messageView(message) satisfies MessageView);
  });

  app.get('/channels/:channel/messages', (c) => {
    const { channel } = validate(patternParamsSchema, c.req.param(), 'channel');
    const query = validate(pollQuerySchema, c.req.query(), 'query');
    const read = ctx.pubsub.read([channel], query.since ?? 0, query.limit ?? 100);
    return c.json({ ...read, messages: read.messages.map(messageView) } satisfies MessageList);
  });

  app.get('/subscribe', (c) => {
    const query = validate(subscribeQuerySchema, queryObject(c), 'query');
    const since = lastEventId(c) ?? query.since;
    const res = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
    if (!res) throw new PdError('INTERNAL', 'server-sent events need the node server', {});
    // The socket's close event comes later, on its own turn: `subscriber` is set by then.
    const subscriber: Subscriber = ctx.pubsub.subscribe(query.channel, since, () =>
      openSseSink(res, () => subscriber.stop(), subscriberEventData),
    );
    return RESPONSE_ALREADY_SENT;
  });
}
