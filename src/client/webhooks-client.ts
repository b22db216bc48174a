import type {
  AddedWebhook,
  AddWebhookRequest,
  WebhookAttemptView,
  WebhookView,
} from '../api/webhooks.js';
import type { HttpTransport } from './http-transport.js';

const path = (id: string, suffix = '') => `/webhooks/${encodeURIComponent(id)}${suffix}`;

/** Webhook subscriptions and their deliveries. */
export class WebhooksClient {
  constructor(readonly transport: HttpTransport) {}

  /** The answer holds the secret (given or generated): the only time it is shown. */
  add(request: AddWebhookRequest): Promise<AddedWebhook> {
    return this.transport.request('POST', '/webhooks', request);
  }

  list(): Promise<{ webhooks: WebhookView[] }> {
    return this.transport.request('GET', '/webhooks');
  }

  get(id: string): Promise<WebhookView> {
    return this.transport.request('GET', path(id));
  }

  remove(id: string): Promise<{ removed: WebhookView }> {
    return this.transport.request('DELETE', path(id));
  }

  /** Sends a webhook.test event and resolves with its first attempt. */
  test(id: string): Promise<{ attempt: WebhookAttemptView }> {
    return this.transport.request('POST', path(id, '/test'), {});
  }

  attempts(id: string, limit?: number): Promise<{ attempts: WebhookAttemptView[] }> {
    return this.transport.request(
      'GET',
      path(id, '/attempts') + (limit === undefined ? '' : `?limit=${limit}`),
    );
  }
}
