import { z } from 'zod';
import { agentIdSchema as agentId, flagSchema as flag, isoSchema as iso } from './fields.js';
import type { RouteSpec } from './routes.js';

/** The longest text one inbox message may carry. */
export const MAX_INBOX_TEXT = 65_536;
/** Messages kept per agent: the oldest go first once an inbox holds more. */
export const DEFAULT_INBOX_RETENTION = 1000;

const messageId = z.coerce
  .number()
  .int()
  .min(0)
  .max(Number.MAX_SAFE_INTEGER)
  .describe('An inbox message id: only messages with a greater id');

export const inboxParamsSchema = z.strictObject({ agent: agentId });

export const sendInboxRequestSchema = z
  .strictObject({
    text: z.string().min(1).max(MAX_INBOX_TEXT).describe('The message, as text'),
    sender: z.string().min(1).max(200).optional().describe('Who sends it: an agent id or a name'),
  })
  .meta({ id: 'SendInboxRequest' });

export const inboxMessageSchema = z
  .object({
    id: z.number().int().describe('Global id: grows with every message to any agent'),
    agent: z.string().describe('Whose inbox holds it'),
    sender: z.string().nullable(),
    text: z.string(),
    at: iso,
    readAt: iso.nullable().describe('When `read` marked it; null while unread'),
  })
  .meta({ id: 'InboxMessage' });

export const listInboxQuerySchema = z.strictObject({
  unread: flag.optional().describe('Only unread messages'),
  since: messageId.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional().describe('At most this many (100)'),
});

export const inboxListSchema = z
  .object({
    agent: z.string(),
    messages: z.array(inboxMessageSchema).describe('Oldest first; listing never marks read'),
    total: z.number().int().describe('Messages the inbox retains'),
    unread: z.number().int().describe('Of those, how many are unread'),
    dropped: z
      .number()
      .int()
      .describe(
        `Messages retention has dropped so far (it keeps the last ${DEFAULT_INBOX_RETENTION})`,
      ),
    lastId: z.number().int().describe('The newest inbox message id of any agent'),
  })
  .meta({ id: 'InboxList' });

export const readInboxRequestSchema = z
  .strictObject({
    ids: z
      .array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER))
      .min(1)
      .max(1000)
      .optional()
      .describe('Mark these messages read'),
    all: z.literal(true).optional().describe('Mark every unread message read'),
  })
  .refine((value) => (value.ids === undefined) !== (value.all === undefined), {
    message: 'give either ids or all: true (exactly one)',
  })
  .meta({ id: 'ReadInboxRequest' });

export const readInboxResultSchema = z
  .object({
    messages: z
      .array(inboxMessageSchema)
      .describe('The messages asked for (ids), or those newly marked (all); oldest first'),
    marked: z.number().int().describe('How many were unread and are now read'),
  })
  .meta({ id: 'ReadInboxResult' });

export const watchInboxQuerySchema = z.strictObject({
  since: messageId
    .optional()
    .describe('Replay retained messages after this id (or Last-Event-ID); default: now'),
});

export const inboxStreamEventSchema = z
  .object({
    event: z.enum(['ready', 'message', 'overflow', 'shutdown']),
    id: z.number().int().describe('The reader’s cursor after this event: resume from it'),
    data: z.union([inboxMessageSchema, z.record(z.string(), z.unknown())]),
  })
  .meta({
    id: 'InboxStreamEvent',
    description:
      'One Server-Sent Event (text/event-stream): `ready` once, then `message`; `overflow` (too slow) or `shutdown` end the stream',
  });

export type InboxMessageView = z.infer<typeof inboxMessageSchema>;
export type InboxList = z.infer<typeof inboxListSchema>;
export type ReadInboxRequest = z.input<typeof readInboxRequestSchema>;
export type ReadInboxResult = z.infer<typeof readInboxResultSchema>;

export const inboxRouteSpecs: RouteSpec[] = [
  {
    method: 'post',
    path: '/inboxes/{agent}/messages',
    operationId: 'sendInboxMessage',
    tag: 'inboxes',
    summary: `Send a message to an agent's inbox; answered once stored, with its id (the last ${DEFAULT_INBOX_RETENTION} per agent are kept)`,
    params: inboxParamsSchema,
    body: sendInboxRequestSchema,
    response: inboxMessageSchema,
    errors: [400, 413],
  },
  {
    method: 'get',
    path: '/inboxes/{agent}/messages',
    operationId: 'listInbox',
    tag: 'inboxes',
    summary: 'Messages of an inbox after `since`, oldest first; never marks anything read',
    params: inboxParamsSchema,
    query: listInboxQuerySchema,
    response: inboxListSchema,
    errors: [400],
  },
  {
    method: 'post',
    path: '/inboxes/{agent}/read',
    operationId: 'readInbox',
    tag: 'inboxes',
    summary: 'Mark messages read (by id, or all): the only way a message becomes read',
    params: inboxParamsSchema,
    body: readInboxRequestSchema,
    response: readInboxResultSchema,
    errors: [400, 404, 413],
  },
  {
    method: 'get',
    path: '/inboxes/{agent}/stream',
    operationId: 'watchInbox',
    tag: 'inboxes',
    summary:
      'Server-Sent Events: retained messages after `since` (or `Last-Event-ID`), then new ones; `id:` on every event; never marks read',
    params: inboxParamsSchema,
    query: watchInboxQuerySchema,
    response: inboxStreamEventSchema,
    errors: [400, 503],
  },
];
