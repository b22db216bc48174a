export {
  Webhooks,
  checkWebhookId,
  checkWebhookUrl,
  type AddWebhookInput,
  type DeliveryPayload,
  type WebhooksDeps,
} from './webhooks.js';
export type { Webhook, WebhookAttempt } from './webhooks-table.js';
export {
  signPayload,
  verifySignature,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from './sign-payload.js';
