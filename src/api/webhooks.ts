import { z } from 'zod';
import type { RouteSpec } from './routes.js';

export const webhookParamsSchema = z.strictObject({
  id: z.string().min(1).max(100).describe('Webhook id, e.g. wh_0123456789ab'),
});

export const addWebhookRequestSchema = z
  .strictObject({
    url: z.string().min(1).max(2048).describe('Where to POST: an http:// or https:// URL'),
    events: z
      .string()
      .min(1)
      .max(2000)
      .describe(
        'Comma-separated event types or patterns, `*` matching any text: claim.*, lock.released, *',
      ),
    secret: z
      .string()
      .min(8)
      .max(256)
      .optional()
      .describe('HMAC-SHA256 key for the signature header; generated when absent'),
  })
  .meta({ id: 'AddWebhookRequest' });

export const testWebhookRequestSchema = z
  .strictObject({})
  .meta({ id: 'TestWebhookRequest', description: 'Empty: the test event is fixed' });

export const attemptsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).optional().describe('Newest N; default 100'),
});

export const webhookAttemptSchema = z
  .object({
    id: z.number().int(),
    deliveryId: z.string().describe('The same for every attempt of one delivery'),
    eventId: z.number().int().nullable().describe('Activity event id; null for a test delivery'),
    eventType: z.string(),
    attempt: z.number().int().describe('1 for the first try'),
    at: z.string().describe('ISO 8601'),
    status: z.number().int().nullable().describe("The receiver's HTTP status; null on error"),
    error: z.string().nullable().describe('Why it failed: HTTP 500, ECONNREFUSED, timed out...'),
    durationMs: z.number().int(),
    retryInMs: z.number().int().nullable().describe('Wait before the next attempt; null if none'),
  })
  .meta({ id: 'WebhookAttempt' });

export const webhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.string().describe('Comma-separated patterns'),
    createdAt: z.string().describe('ISO 8601'),
    lastAttempt: webhookAttemptSchema.nullable(),
  })
  .meta({ id: 'Webhook', description: 'A subscription; its secret is never shown again' });

export const addedWebhookSchema = z
  .object({
    webhook: webhookSchema,
    secret: z.string().describe('Shown in this answer only: keep it to verify signatures'),
  })
  .meta({ id: 'AddedWebhook' });

export const webhookListSchema = z
  .object({ webhooks: z.array(webhookSchema) })
  .meta({ id: 'WebhookList' });
export const removedWebhookSchema = z
  .object({ removed: webhookSchema })
  .meta({ id: 'RemovedWebhook' });
export const webhookAttemptListSchema = z
  .object({ attempts: z.array(webhookAttemptSchema) })
  .meta({ id: 'WebhookAttemptList' });
export const testedWebhookSchema = z
  .object({ attempt: webhookAttemptSchema })
  .meta({ id: 'TestedWebhook' });

export type WebhookView = z.infer<typeof webhookSchema>;
export type WebhookAttemptView = z.infer<typeof webhookAttemptSchema>;
export type AddWebhookRequest = z.input<typeof addWebhookRequestSchema>;
export type AddedWebhook = z.infer<typeof addedWebhookSchema>;

const params = webhookParamsSchema;

export const webhookRouteSpecs: RouteSpec[] = [
  {
    method: 'post',
    path: '/webhooks',
    operationId: 'addWebhook',
    tag: 'webhooks',
    summary: 'Subscribe a URL to activity events; the answer holds its secret, shown only here',
    body: addWebhookRequestSchema,
    response: addedWebhookSchema,
    errors: [400, 413],
  },
  {
    method: 'get',
    path: '/webhooks',
    operationId: 'listWebhooks',
    tag: 'webhooks',
    summary: 'Every webhook (without secrets), with its last attempt',
    response: webhookListSchema,
    errors: [],
  },
  {
    method: 'get',
    path: '/webhooks/{id}',
    operationId: 'getWebhook',
    tag: 'webhooks',
    summary: 'One webhook (without its secret)',
    params,
    response: webhookSchema,
    errors: [400, 404],
  },
  {
    method: 'delete',
    path: '/webhooks/{id}',
    operationId: 'removeWebhook',
    tag: 'webhooks',
    summary: 'Remove a webhook; its pending retries are dropped',
    params,
    response: removedWebhookSchema,
    errors: [400, 404],
  },
  {
    method: 'post',
    path: '/webhooks/{id}/test',
    operationId: 'testWebhook',
    tag: 'webhooks',
    summary: 'Send a webhook.test event (retried like any other); answers with the first attempt',
    params,
    body: testWebhookRequestSchema,
    response: testedWebhookSchema,
    errors: [400, 404, 413],
  },
  {
    method: 'get',
    path: '/webhooks/{id}/attempts',
    operationId: 'listWebhookAttempts',
    tag: 'webhooks',
    summary: 'The delivery log of a webhook: every attempt, oldest first (the newest 100 kept)',
    params,
    query: attemptsQuerySchema,
    response: webhookAttemptListSchema,
    errors: [400, 404],
  },
];
