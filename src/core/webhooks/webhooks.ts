import { randomBytes, randomUUID } from 'node:crypto';
import { PdError } from '../../api/errors.js';
import type { Db, Revision } from '../../store/index.js';
import type { Clock } from '../clock.js';
import type { ActivityEvent, EventLog } from '../events/index.js';
import { backoffSchedule, DEFAULT_BACKOFF_MS, DEFAULT_MAX_ATTEMPTS } from './backoff.js';
import { compileEventPatterns, isWebhookEvent, parseEventPatterns } from './event-pattern.js';
import { postWebhook, type PostWebhook } from './post-webhook.js';
import { SIGNATURE_HEADER, signPayload, TIMESTAMP_HEADER } from './sign-payload.js';
import {
  webhooksTable,
  type StoredWebhook,
  type Webhook,
  type WebhookAttempt,
} from './webhooks-table.js';

export interface WebhooksDeps {
  db: Db;
  clock: Clock;
  revision: Revision;
  events: EventLog;
  /** Wait before the first retry, doubled for each next one (default 1000 ms). */
  backoffMs?: number;
  /** Attempts per delivery, the first included (default 5). */
  maxAttempts?: number;
  /** Per attempt (default 5000 ms). */
  timeoutMs?: number;
  /** Attempts kept per webhook (default 100). */
  keepAttempts?: number;
  /** Sends one attempt; tests pass a fake. */
  post?: PostWebhook;
}

export interface AddWebhookInput {
  url: string;
  events: string;
  secret?: string | undefined;
}

/** What the receiver gets as the JSON body. */
export interface DeliveryPayload {
  deliveryId: string;
  webhookId: string;
  event: Omit<ActivityEvent, 'id' | 'at'> & { id: number | null; at: string };
}

interface Delivery {
  webhookId: string;
  payload: DeliveryPayload;
  timer?: NodeJS.Timeout;
  controller?: AbortController;
  /** Hears the first attempt, or undefined when the delivery was dropped before it. */
  first?: (attempt: WebhookAttempt | undefined) => void;
}

const ID = /^wh_[0-9a-f]{12}$/;

export function checkWebhookUrl(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new PdError(
      'INVALID_INPUT',
      `invalid url "${text}": only http:// and https:// URLs can receive webhooks`,
      { issues: [{ path: 'url', message: 'not an http(s) URL' }] },
    );
  }
  return url.href;
}

export function checkWebhookId(id: string): void {
  if (!ID.test(id)) {
    throw new PdError(
      'INVALID_INPUT',
      `invalid webhook id "${id}": ids look like wh_0123456789ab`,
      {
        issues: [{ path: 'id', message: 'invalid webhook id' }],
      },
    );
  }
}

/** Signed, retried deliveries of activity events to registered http(s) URLs. */
export class Webhooks {
  private readonly table;
  private readonly schedule: number[];
  private readonly post: PostWebhook;
  private readonly pending = new Set<Delivery>();
  /** Subscriptions in memory with their matchers, so an event with no webhook costs nothing. */
  private active: { webhook: StoredWebhook; matches: (type: string) => boolean }[] = [];
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(readonly deps: WebhooksDeps) {
    this.table = webhooksTable(deps.db);
    this.schedule = backoffSchedule(
      deps.backoffMs ?? DEFAULT_BACKOFF_MS,
      deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    );
    this.post = deps.post ?? postWebhook;
    this.reload();
    this.unsubscribe = deps.events.subscribe((event) => this.onEvent(event));
  }

  /** Registers a subscription; the answer is the only place its secret is ever shown. */
  add(input: AddWebhookInput): { webhook: Webhook; secret: string } {
    const url = checkWebhookUrl(input.url);
    const events = parseEventPatterns(input.events).join(',');
    const secret = input.secret ?? randomBytes(24).toString('hex');
    const stored: StoredWebhook = {
      id: `wh_${randomBytes(6).toString('hex')}`,
      url,
      events,
      secret,
      createdAt: this.deps.clock.now(),
    };
    this.deps.events.transact(() => {
      const revision = this.deps.revision.next();
      this.table.insert(stored);
      this.deps.events.append(revision, 'webhook.added', stored.id, { url, events });
    });
    this.reload();
    return { webhook: publicView(stored), secret };
  }

  /** Removes a subscription and drops its pending retries. */
  remove(id: string): Webhook {
    const webhook = this.stored(id);
    this.deps.events.transact(() => {
      const revision = this.deps.revision.next();
      this.table.remove(id);
      this.deps.events.append(revision, 'webhook.removed', id, { url: webhook.url });
    });
    for (const delivery of this.pending) if (delivery.webhookId === id) this.cancel(delivery);
    this.reload();
    return publicView(webhook);
  }

  get(id: string): Webhook {
    return publicView(this.stored(id));
  }

  list(): Webhook[] {
    return this.table.all().map(publicView);
  }

  /** The newest `limit` attempts of one webhook, oldest first. */
  attempts(id: string, limit = 100): WebhookAttempt[] {
    this.stored(id);
    return this.table.attempts(id, limit);
  }

  lastAttempt(id: string): WebhookAttempt | undefined {
    return this.table.attempts(id, 1)[0];
  }

  /** Sends a `webhook.test` event, retried like any other; resolves with the first attempt. */
  test(id: string): Promise<WebhookAttempt> {
    const webhook = this.stored(id);
    const payload = this.payload(webhook.id, {
      id: null,
      revision: this.deps.revision.current(),
      at: this.deps.clock.now(),
      type: 'webhook.test',
      subject: webhook.id,
      data: { message: 'a test delivery from port-daddy' },
    });
    return new Promise((resolve, reject) =>
      this.deliver(webhook.id, payload, (attempt) =>
        attempt
          ? resolve(attempt)
          : reject(new PdError('CANCELLED', `webhook ${id} was removed or the daemon stopped`, {})),
      ),
    );
  }

  /** Stops listening, drops pending retries and aborts attempts in flight. */
  close(): void {
    this.closed = true;
    this.unsubscribe();
    for (const delivery of this.pending) this.cancel(delivery);
  }

  private onEvent(event: ActivityEvent): void {
    if (this.closed || isWebhookEvent(event.type)) return;
    for (const { webhook, matches } of this.active) {
      if (matches(event.type)) this.deliver(webhook.id, this.payload(webhook.id, event));
    }
  }

  private payload(
    webhookId: string,
    event: Omit<ActivityEvent, 'id'> & { id: number | null },
  ): DeliveryPayload {
    return {
      deliveryId: randomUUID(),
      webhookId,
      event: { ...event, at: new Date(event.at).toISOString() },
    };
  }

  private deliver(
    webhookId: string,
    payload: DeliveryPayload,
    first?: (attempt: WebhookAttempt | undefined) => void,
  ): void {
    const delivery: Delivery = { webhookId, payload, first };
    this.pending.add(delivery);
    const body = JSON.stringify(payload);
    const attempt = async (number: number): Promise<void> => {
      delivery.timer = undefined;
      const webhook = this.table.get(webhookId);
      if (!webhook || this.closed) return this.cancel(delivery);
      const timestamp = Math.floor(this.deps.clock.now() / 1000);
      delivery.controller = new AbortController();
      const result = await this.post({
        url: webhook.url,
        body,
        timeoutMs: this.deps.timeoutMs ?? 5000,
        signal: delivery.controller.signal,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'port-daddy-webhooks',
          'x-portdaddy-event': payload.event.type,
          'x-portdaddy-delivery': payload.deliveryId,
          'x-portdaddy-attempt': String(number),
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signPayload(webhook.secret, timestamp, body),
        },
      });
      delivery.controller = undefined;
      if (!this.pending.has(delivery)) return;
      const ok = result.status !== undefined && result.status >= 200 && result.status < 300;
      const retryInMs = ok ? undefined : this.schedule[number - 1];
      const logged = this.log(webhook, payload, number, result, retryInMs);
      delivery.first?.(logged);
      delivery.first = undefined;
      if (retryInMs === undefined) {
        this.pending.delete(delivery);
        if (!ok) this.gaveUp(webhook, payload, number);
        return;
      }
      delivery.timer = setTimeout(() => void attempt(number + 1), retryInMs);
      delivery.timer.unref();
    };
    void attempt(1);
  }

  private log(
    webhook: StoredWebhook,
    payload: DeliveryPayload,
    number: number,
    result: { status?: number; error?: string; durationMs: number },
    retryInMs: number | undefined,
  ): WebhookAttempt | undefined {
    const status = result.status ?? null;
    const error =
      result.error ??
      (status !== null && (status < 200 || status >= 300) ? `HTTP ${status}` : null);
    try {
      return this.table.logAttempt(
        {
          webhookId: webhook.id,
          deliveryId: payload.deliveryId,
          eventId: payload.event.id,
          eventType: payload.event.type,
          attempt: number,
          at: this.deps.clock.now(),
          status,
          error,
          durationMs: result.durationMs,
          retryInMs: retryInMs ?? null,
        },
        this.deps.keepAttempts ?? 100,
      );
    } catch {
      // The webhook was removed while this attempt was in flight: nothing left to log it to.
      return undefined;
    }
  }

  private gaveUp(webhook: StoredWebhook, payload: DeliveryPayload, attempts: number): void {
    if (this.closed || !this.table.get(webhook.id)) return;
    this.deps.events.transact(() => {
      this.deps.events.append(this.deps.revision.next(), 'webhook.failed', webhook.id, {
        url: webhook.url,
        deliveryId: payload.deliveryId,
        eventType: payload.event.type,
        attempts,
      });
    });
  }

  private cancel(delivery: Delivery): void {
    clearTimeout(delivery.timer);
    delivery.controller?.abort();
    this.pending.delete(delivery);
    delivery.first?.(undefined);
    delivery.first = undefined;
  }

  private stored(id: string): StoredWebhook {
    checkWebhookId(id);
    const webhook = this.table.get(id);
    if (!webhook) throw new PdError('NOT_FOUND', `no webhook ${id}`, { id });
    return webhook;
  }

  private reload(): void {
    this.active = this.table.all().map((webhook) => ({
      webhook,
      matches: compileEventPatterns(webhook.events.split(',')),
    }));
  }
}

function publicView({ secret: _secret, ...webhook }: StoredWebhook): Webhook {
  return webhook;
}
