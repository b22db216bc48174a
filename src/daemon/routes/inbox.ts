import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context, Hono } from 'hono';
import { PdError } from '../../api/errors.js';
import {
  inboxParamsSchema,
  listInboxQuerySchema,
  readInboxRequestSchema,
  sendInboxRequestSchema,
  watchInboxQuerySchema,
  type InboxList,
  type InboxMessageView,
  type ReadInboxResult,
} from '../../api/inbox.js';
import {
  checkAgentId,
  type InboxMessage,
  type InboxWatchEvent,
  type InboxWatcher,
} from '../../core/inbox/index.js';
import type { DaemonContext } from '../context.js';
import { validate } from '../http-errors.js';
import { readJson } from '../read-json.js';
import { openSseSink } from '../sse.js';
import { isoTimeOrNull as iso } from '../iso-time.js';

export function inboxMessageView(message: InboxMessage): InboxMessageView {
  return { ...message, at: iso(message.at)!, readAt: iso(message.readAt) };
}

const watchEventData = (event: InboxWatchEvent) =>
  event.type === 'message' ? inboxMessageView(event.data) : event.data;

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

/** The agent of the path; the core check names the bad value, which zod's message would not. */
function agentOf(c: Context): string {
  checkAgentId(c.req.param('agent') ?? '');
  return validate(inboxParamsSchema, c.req.param(), 'agent id').agent;
}

export function inboxRoutes(app: Hono, ctx: DaemonContext): void {
  app.post('/inboxes/:agent/messages', async (c) => {
    const agent = agentOf(c);
    const input = validate(sendInboxRequestSchema, await readJson(c), 'inbox message');
    const message = ctx.inboxes.send({ agent, text: input.text, sender: input.sender });
    return c.json(inboxMessageView(message));
  });

  app.get('/inboxes/:agent/messages', (c) => {
    const agent = agentOf(c);
    const query = validate(listInboxQuerySchema, c.req.query(), 'query');
    const listing = ctx.inboxes.list(agent, query);
    return c.json({
      ...listing,
      messages: listing.messages.map(inboxMessageView),
    } satisfies InboxList);
  });

  app.post('/inboxes/:agent/read', async (c) => {
    const agent = agentOf(c);
    const input = validate(readInboxRequestSchema, await readJson(c), 'read request');
    const result = input.all ? ctx.inboxes.readAll(agent) : ctx.inboxes.read(agent, input.ids!);
    return c.json({
      ...result,
      messages: result.messages.map(inboxMessageView),
    } satisfies ReadInboxResult);
  });

  app.get('/inboxes/:agent/stream', (c) => {
    const agent = agentOf(c);
    const query = validate(watchInboxQuerySchema, c.req.query(), 'query');
    const since = lastEventId(c) ?? query.since;
    const res = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
    if (!res) throw new PdError('INTERNAL', 'server-sent events need the node server', {});
    // The socket's close event comes later, on its own turn: `watcher` is set by then.
    const watcher: InboxWatcher = ctx.inboxes.watch(agent, since, () =>
      openSseSink(res, () => watcher.stop(), watchEventData),
    );
    return RESPONSE_ALREADY_SENT;
  });
}
