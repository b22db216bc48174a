import { z } from 'zod';
import { SIGNAL_NAMES } from './pubsub-signals.js';
import type { RouteSpec } from './routes.js';

const channelText = z
  .string()
  .min(1)
  .max(200)
  .describe(
    "Channel: segments joined by ':' (letters, digits, '.', '_', '@', '-'), e.g. myapp:builds",
  );
const patternText = z
  .string()
  .min(1)
  .max(200)
  .describe("Channel or pattern: '*' stands for one segment, a last '>' for everything below");
const messageId = z.coerce
  .number()
  .int()
  .min(0)
  .max(Number.MAX_SAFE_INTEGER)
  .describe('A message id: only messages with a greater id');

export const signalSchema = z
  .enum(SIGNAL_NAMES as [string, ...string[]])
  .describe('Maritime signal flag; meanings in docs/cli.md#signals');

export const channelParamsSchema = z.strictObject({ channel: channelText });
export const patternParamsSchema = z.strictObject({ channel: patternText });

export const publishRequestSchema = z
  .strictObject({
    message: z
      .unknown()
      .refine((value) => value !== undefined, 'required')
      .describe('Any JSON value: text or a structure'),
    signal: signalSchema.optional(),
    sender: z.string().min(1).max(200).optional().describe('Who sends it: an agent id or a name'),
    replyTo: z
      .number()
      .int()
      .min(1)
      .max(Number.MAX_SAFE_INTEGER)
      .optional()
      .describe('The id of the message this one answers (threads in `pd tube`)'),
  })
  .meta({ id: 'PublishRequest' });

export const messageSchema = z
  .object({
    id: z.number().int().describe('Global id: grows with every message on any channel'),
    channel: z.string(),
    at: z.string().describe('ISO 8601'),
    sender: z.string().nullable(),
    signal: signalSchema.nullable(),
    message: z.unknown().describe('The JSON value published'),
    replyTo: z.number().int().nullable().describe('The id of the message this one answers'),
  })
  .meta({ id: 'Message' });

export const resetSchema = z
  .object({
    channel: z.string(),
    since: z.number().int().describe('The id the reader asked to start after'),
    missed: z
      .number()
      .int()
      .describe(
        'Messages retention dropped after `since`; an upper bound when other channels published in between',
      ),
    droppedThrough: z.number().int().describe('The newest id dropped'),
    oldestId: z.number().int().nullable().describe('The oldest message still retained'),
  })
  .meta({ id: 'Reset' });

export const pollQuerySchema = z.strictObject({
  since: messageId.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional().describe('At most this many (100)'),
});

export const messageListSchema = z
  .object({
    resets: z.array(resetSchema).describe('Channels whose retention dropped messages after since'),
    messages: z.array(messageSchema).describe('Oldest first'),
    lastId: z.number().int().describe('The newest message id on the whole bus'),
  })
  .meta({ id: 'MessageList' });

const channelList = z
  .union([patternText, z.array(patternText).min(1).max(32)])
  .transform((value) => (Array.isArray(value) ? value : [value]));

export const subscribeQuerySchema = z.strictObject({
  channel: channelList.describe('Channel or pattern; repeat for several (at most 32)'),
  since: messageId.optional().describe('Replay retained messages after this id; default: now'),
});

export const streamEventSchema = z
  .object({
    event: z.enum(['ready', 'message', 'reset', 'overflow', 'shutdown']),
    id: z.number().int().describe('The reader’s cursor after this event: resume from it'),
    data: z.union([messageSchema, resetSchema, z.record(z.string(), z.unknown())]),
  })
  .meta({
    id: 'StreamEvent',
    description:
      'One Server-Sent Event (text/event-stream): `ready` once, then `reset` and `message`; `overflow` (too slow) or `shutdown` end the stream',
  });

export type PublishRequest = z.input<typeof publishRequestSchema>;
export type MessageView = z.infer<typeof messageSchema>;
export type ResetView = z.infer<typeof resetSchema>;
export type MessageList = z.infer<typeof messageListSchema>;

export const pubsubRouteSpecs: RouteSpec[] = [
  {
    method: 'post',
    path: '/channels/{channel}/messages',
    operationId: 'publish',
    tag: 'pubsub',
    summary: 'Publish a message; answered once it is stored, with its id',
    params: channelParamsSchema,
    body: publishRequestSchema,
    response: messageSchema,
    errors: [400, 413],
  },
  {
    method: 'get',
    path: '/channels/{channel}/messages',
    operationId: 'pollMessages',
    tag: 'pubsub',
    summary: 'Retained messages after `since` on a channel or pattern, oldest first (polling)',
    params: patternParamsSchema,
    query: pollQuerySchema,
    response: messageListSchema,
    errors: [400],
  },
  {
    method: 'get',
    path: '/subscribe',
    operationId: 'subscribe',
    tag: 'pubsub',
    summary:
      'Server-Sent Events on channels or patterns: retained messages after `since` (or `Last-Event-ID`), then live ones; `id:` on every event, a comment every 15 s',
    query: subscribeQuerySchema,
    response: streamEventSchema,
    errors: [400, 503],
  },
];
