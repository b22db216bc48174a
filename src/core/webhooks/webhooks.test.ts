import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, Revision } from '../../store/index.js';
import { ManualClock } from '../clock.js';
import { EventLog } from '../events/index.js';
import type { PostRequest, PostResult } from './post-webhook.js';
import { signPayload } from './sign-payload.js';
import { Webhooks, type DeliveryPayload } from './webhooks.js';
import { thrown } from '../../../test/helpers/pd-errors.js';

/** A receiver that answers each call with the next status of `answers` (then 200). */
function setup(answers: (number | string)[] = [], keepAttempts = 100) {
  const db = openDatabase({ path: ':memory:' });
  const clock = new ManualClock();
  const revision = new Revision(db);
  const events = new EventLog(db, clock);
  const received: PostRequest[] = [];
  const post = (request: PostRequest): Promise<PostResult> => {
    received.push(request);
    const answer = answers.shift() ?? 200;
    return Promise.resolve(
      typeof answer === 'number'
        ? { status: answer, durationMs: 3 }
        : { error: answer, durationMs: 5 },
    );
  };
  const webhooks = new Webhooks({ db, clock, revision, events, post, backoffMs: 5, keepAttempts });
  const emit = (type: string, subject = 's') =>
    events.transact(() => events.append(revision.next(), type, subject, { n: 1 }));
  return { db, clock, events, webhooks, received, emit };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('Webhooks', () => {
  let env: ReturnType<typeof setup>;
  afterEach(() => env?.webhooks.close());

  it('delivers matching events, signed with the secret, and never its own events', async () => {
    env = setup();
    const { webhook, secret } = env.webhooks.add({
      url: 'http://127.0.0.1:1/hook',
      events: 'claim.*',
      secret: 'top-secret',
    });
    expect(secret).toBe('top-secret');
    expect(webhook).not.toHaveProperty('secret');
    env.emit('lock.acquired');
    env.emit('claim.created', 'myapp:api');
    await until(() => env.received.length === 1);
    const [request] = env.received;
    const payload = JSON.parse(request!.body) as DeliveryPayload;
    expect(payload.event).toMatchObject({ type: 'claim.created', subject: 'myapp:api' });
    const timestamp = Number(request!.headers['x-portdaddy-timestamp']);
    expect(timestamp).toBe(Math.floor(env.clock.now() / 1000));
    expect(request!.headers['x-portdaddy-signature']).toBe(
      signPayload('top-secret', timestamp, request!.body),
    );
    env.webhooks.add({ url: 'http://127.0.0.1:1/all', events: '*' });
    env.webhooks.remove(webhook.id);
    await new Promise((r) => setTimeout(r, 20));
    expect(env.received).toHaveLength(1);
    expect(env.events.list(0, 100).map((e) => e.type)).toContain('webhook.removed');
  });

  it('retries failures with backoff, logs each attempt, and gives up after the last', async () => {
    env = setup([500, 'ECONNREFUSED: refused', 500, 500, 500]);
    const { webhook } = env.webhooks.add({ url: 'https://example.test/', events: 'lock.*' });
    env.emit('lock.released');
    await until(() => env.webhooks.attempts(webhook.id).length === 5);
    const attempts = env.webhooks.attempts(webhook.id);
    expect(attempts.map((a) => [a.attempt, a.status, a.error, a.retryInMs])).toEqual([
      [1, 500, 'HTTP 500', 5],
      [2, null, 'ECONNREFUSED: refused', 10],
      [3, 500, 'HTTP 500', 20],
      [4, 500, 'HTTP 500', 40],
      [5, 500, 'HTTP 500', null],
    ]);
    expect(new Set(attempts.map((a) => a.deliveryId)).size).toBe(1);
    await until(() => env.events.list(0, 100).some((e) => e.type === 'webhook.failed'));
  });

  it('stops at the first success and keeps only the newest attempts', async () => {
    env = setup([503], 3);
    const { webhook } = env.webhooks.add({ url: 'http://localhost/x', events: 'a' });
    env.emit('a');
    await until(() => env.webhooks.attempts(webhook.id).length === 2);
    expect(env.webhooks.attempts(webhook.id).map((a) => a.status)).toEqual([503, 200]);
    for (let i = 0; i < 4; i++) env.emit('a');
    await until(() => env.received.length === 6);
    await until(() => env.webhooks.attempts(webhook.id).length === 3);
    expect(env.db.prepare('SELECT COUNT(*) FROM webhook_attempts').pluck().get()).toBe(3);
  });

  it('test sends webhook.test and answers with the first attempt', async () => {
    env = setup([404]);
    const { webhook } = env.webhooks.add({ url: 'http://localhost/x', events: 'nothing' });
    const first = await env.webhooks.test(webhook.id);
    expect(first).toMatchObject({
      attempt: 1,
      status: 404,
      eventType: 'webhook.test',
      eventId: null,
    });
    await until(() => env.webhooks.attempts(webhook.id).length === 2);
  });

  it('refuses non-http URLs, bad ids and unknown webhooks', () => {
    env = setup();
    for (const url of ['ftp://x/', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url']) {
      expect(thrown(() => env.webhooks.add({ url, events: '*' })).message).toBe(
        `invalid url "${url}": only http:// and https:// URLs can receive webhooks`,
      );
    }
    expect(thrown(() => env.webhooks.get('nope')).code).toBe('INVALID_INPUT');
    expect(thrown(() => env.webhooks.remove('wh_000000000000')).code).toBe('NOT_FOUND');
    expect(env.webhooks.list()).toEqual([]);
  });

  it('drops pending retries on close', async () => {
    env = setup([500]);
    const { webhook } = env.webhooks.add({ url: 'http://localhost/x', events: '*' });
    env.emit('x');
    await until(() => env.webhooks.attempts(webhook.id).length === 1);
    env.webhooks.close();
    await new Promise((r) => setTimeout(r, 30));
    expect(env.received).toHaveLength(1);
  });
});
