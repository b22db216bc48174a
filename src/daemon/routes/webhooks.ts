import type { Hono } from 'hono';
import {
  addWebhookRequestSchema,
  attemptsQuerySchema,
  testWebhookRequestSchema,
  webhookParamsSchema,
  type WebhookAttemptView,
  type WebhookView,
} from '../../api/webhooks.js';
import type { Webhook, WebhookAttempt, Webhooks } from '../../core/webhooks/index.js';
import type { DaemonContext } from '../context.js';
import { validate } from '../http-errors.js';
import { readJson } from '../read-json.js';
import { isoTime as iso } from '../iso-time.js';

export function attemptView({
  webhookId: _webhookId,
  ...attempt
}: WebhookAttempt): WebhookAttemptView {
  return { ...attempt, at: iso(attempt.at) };
}

function webhookView(webhooks: Webhooks, webhook: Webhook): WebhookView {
  const last = webhooks.lastAttempt(webhook.id);
  return {
    ...webhook,
    createdAt: iso(webhook.createdAt),
    lastAttempt: last ? attemptView(last) : null,
  };
}

export function webhookRoutes(app: Hono, ctx: DaemonContext): void {
  const { webhooks } = ctx;

  app.post('/webhooks', async (c) => {
    const input = validate(addWebhookRequestSchema, await readJson(c), 'webhook request');
    const { webhook, secret } = webhooks.add(input);
    return c.json({ webhook: webhookView(webhooks, webhook), secret });
  });

  app.get('/webhooks', (c) =>
    c.json({ webhooks: webhooks.list().map((webhook) => webhookView(webhooks, webhook)) }),
  );

  app.get('/webhooks/:id', (c) => {
    const { id } = validate(webhookParamsSchema, c.req.param(), 'webhook id');
    return c.json(webhookView(webhooks, webhooks.get(id)));
  });

  app.delete('/webhooks/:id', (c) => {
    const { id } = validate(webhookParamsSchema, c.req.param(), 'webhook id');
    const removed = webhooks.remove(id);
    return c.json({ removed: webhookView(webhooks, removed) });
  });

  app.post('/webhooks/:id/test', async (c) => {
    const { id } = validate(webhookParamsSchema, c.req.param(), 'webhook id');
    validate(testWebhookRequestSchema, await readJson(c), 'test request');
    return c.json({ attempt: attemptView(await webhooks.test(id)) });
  });

  app.get('/webhooks/:id/attempts', (c) => {
    const { id } = validate(webhookParamsSchema, c.req.param(), 'webhook id');
    const { limit } = validate(attemptsQuerySchema, c.req.query(), 'attempts query');
    return c.json({ attempts: webhooks.attempts(id, limit).map(attemptView) });
  });
}
