import type { Db } from '../../store/index.js';

export interface Webhook {
  id: string;
  url: string;
  /** Comma-separated event patterns, e.g. `claim.*,lock.released`. */
  events: string;
  createdAt: number;
}

export interface StoredWebhook extends Webhook {
  secret: string;
}

export interface WebhookAttempt {
  id: number;
  webhookId: string;
  deliveryId: string;
  /** Null for a test delivery, which is not in the activity log. */
  eventId: number | null;
  eventType: string;
  attempt: number;
  at: number;
  /** The receiver's HTTP status, null when no answer came (see `error`). */
  status: number | null;
  error: string | null;
  durationMs: number;
  /** When the next attempt follows; null when this one succeeded or was the last. */
  retryInMs: number | null;
}

interface WebhookRow {
  id: string;
  url: string;
  events: string;
  secret: string;
  created_at: number;
}

interface AttemptRow {
  id: number;
  webhook_id: string;
  delivery_id: string;
  event_id: number | null;
  event_type: string;
  attempt: number;
  at: number;
  status: number | null;
  error: string | null;
  duration_ms: number;
  retry_in_ms: number | null;
}

const toWebhook = (row: WebhookRow): StoredWebhook => ({
  id: row.id,
  url: row.url,
  events: row.events,
  secret: row.secret,
  createdAt: row.created_at,
});

const toAttempt = (row: AttemptRow): WebhookAttempt => ({
  id: row.id,
  webhookId: row.webhook_id,
  deliveryId: row.delivery_id,
  eventId: row.event_id,
  eventType: row.event_type,
  attempt: row.attempt,
  at: row.at,
  status: row.status,
  error: row.error,
  durationMs: row.duration_ms,
  retryInMs: row.retry_in_ms,
});

/** The SQL of the webhooks domain, prepared once. */
export function webhooksTable(db: Db) {
  const byId = db.prepare('SELECT * FROM webhooks WHERE id = ?');
  const all = db.prepare('SELECT * FROM webhooks ORDER BY created_at, id');
  const insert = db.prepare(
    `INSERT INTO webhooks (id, url, events, secret, created_at)
     VALUES (@id, @url, @events, @secret, @createdAt)`,
  );
  const remove = db.prepare('DELETE FROM webhooks WHERE id = ?');
  const insertAttempt = db.prepare(
    `INSERT INTO webhook_attempts
       (webhook_id, delivery_id, event_id, event_type, attempt, at, status, error, duration_ms, retry_in_ms)
     VALUES (@webhookId, @deliveryId, @eventId, @eventType, @attempt, @at, @status, @error, @durationMs, @retryInMs)
     RETURNING id`,
  );
  // Keeps the newest `keep` attempts of one webhook.
  const trim = db.prepare(
    `DELETE FROM webhook_attempts WHERE webhook_id = @webhookId AND id <= (
       SELECT id FROM webhook_attempts WHERE webhook_id = @webhookId
       ORDER BY id DESC LIMIT 1 OFFSET @keep)`,
  );
  const recent = db.prepare(
    'SELECT * FROM (SELECT * FROM webhook_attempts WHERE webhook_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id',
  );
  return {
    get: (id: string) => {
      const row = byId.get(id) as WebhookRow | undefined;
      return row ? toWebhook(row) : undefined;
    },
    all: () => (all.all() as WebhookRow[]).map(toWebhook),
    insert: (webhook: StoredWebhook) => insert.run(webhook),
    remove: (id: string) => remove.run(id).changes > 0,
    logAttempt: (attempt: Omit<WebhookAttempt, 'id'>, keep: number): WebhookAttempt => {
      const { id } = insertAttempt.get(attempt) as { id: number };
      trim.run({ webhookId: attempt.webhookId, keep });
      return { id, ...attempt };
    },
    attempts: (webhookId: string, limit: number) =>
      (recent.all(webhookId, limit) as AttemptRow[]).map(toAttempt),
  };
}
