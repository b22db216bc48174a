export { Webhooks, type WebhooksDeps } from './webhooks.js';
