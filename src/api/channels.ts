import { z } from 'zod';
import { channelParamsSchema } from './pubsub.js';
import type { RouteSpec } from './routes.js';

import { CHANNEL_SCOPES } from './channel-scopes.js';

export { CHANNEL_SCOPES, type ChannelScope } from './channel-scopes.js';

const declaredName = z
  .string()
  .min(1)
  .max(100)
  .describe(
    "Logical channel name: the channel grammar without '@', at most 100 characters, its last segment at most 32",
  );

export const channelScopeSchema = z
  .enum(CHANNEL_SCOPES)
  .describe(
    'global: the name as is; repo: `<name>@<repo>`; branch: `<name>@<repo>:<branch>` (resolved by the client from git)',
  );

export const ensureChannelRequestSchema = z
  .strictObject({
    name: declaredName,
    scope: channelScopeSchema,
    aliases: z
      .array(declaredName)
      .max(16)
      .optional()
      .describe('Other logical names for it; replaces the aliases it had'),
  })
  .meta({ id: 'EnsureChannelRequest' });

export const declaredChannelSchema = z
  .object({
    name: z.string(),
    scope: channelScopeSchema,
    aliases: z.array(z.string()),
    declaredAt: z.string().describe('ISO 8601'),
    updatedAt: z.string().describe('ISO 8601'),
  })
  .meta({ id: 'DeclaredChannel' });

export const declaredParamsSchema = z.strictObject({ name: declaredName });

export const discoverQuerySchema = z.strictObject({
  prefix: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Only names (logical, alias or physical) that start with this'),
});

export const channelStatsSchema = z
  .object({
    name: z.string().describe('Physical channel name'),
    retained: z.number().int().describe('Messages it holds'),
    lastId: z.number().int().describe('The id of its newest message'),
  })
  .meta({ id: 'ChannelStats' });

export const discoverResponseSchema = z
  .object({
    declared: z.array(declaredChannelSchema).describe('Declared channels, by name'),
    channels: z.array(channelStatsSchema).describe('Channels that hold or held messages'),
  })
  .meta({ id: 'DiscoverChannels' });

export const clearResponseSchema = z
  .object({
    channel: z.string(),
    removed: z.number().int().describe('Retained messages removed'),
  })
  .meta({ id: 'ClearChannel' });

export type EnsureChannelRequest = z.input<typeof ensureChannelRequestSchema>;
export type DeclaredChannelView = z.infer<typeof declaredChannelSchema>;
export type DiscoverResponse = z.infer<typeof discoverResponseSchema>;
export type ClearResponse = z.infer<typeof clearResponseSchema>;

export const channelRouteSpecs: RouteSpec[] = [
  {
    method: 'post',
    path: '/declared-channels',
    operationId: 'ensureChannel',
    tag: 'pubsub',
    summary: 'Declare a channel with a scope and aliases, or update its declaration (idempotent)',
    body: ensureChannelRequestSchema,
    response: declaredChannelSchema,
    errors: [400, 409],
  },
  {
    method: 'get',
    path: '/declared-channels',
    operationId: 'discoverChannels',
    tag: 'pubsub',
    summary: 'Declared channels and the physical channels that hold messages, by prefix',
    query: discoverQuerySchema,
    response: discoverResponseSchema,
    errors: [400],
  },
  {
    method: 'get',
    path: '/declared-channels/{name}',
    operationId: 'getDeclaredChannel',
    tag: 'pubsub',
    summary: 'A declared channel by its name or one of its aliases',
    params: declaredParamsSchema,
    response: declaredChannelSchema,
    errors: [400, 404],
  },
  {
    method: 'delete',
    path: '/channels/{channel}/messages',
    operationId: 'clearChannel',
    tag: 'pubsub',
    summary: 'Remove every retained message of a channel; ids keep growing',
    params: channelParamsSchema,
    response: clearResponseSchema,
    errors: [400],
  },
];
