import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../helpers/cli.js';
import { startDaemon, stopDaemon, type TestDaemon } from '../helpers/daemon.js';
import {
  addWebhook,
  call,
  signatureVerifies,
  startReceiver,
  type AttemptJson,
  type Receiver,
  type WebhookJson,
} from '../helpers/webhooks.js';

const BACKOFF_MS = 60;

interface ErrorJson {
  error: { code: string; message: string; details: { issues?: { path: string }[] } };
}

describe('pd webhooks', () => {
  let daemon: TestDaemon;
  const receivers: Receiver[] = [];

  async function receiver(statuses: number[] = []): Promise<Receiver> {
    const started = await startReceiver(statuses);
    receivers.push(started);
    return started;
  }

  beforeAll(async () => {
    daemon = await startDaemon({ env: { PORT_DADDY_WEBHOOK_BACKOFF_MS: String(BACKOFF_MS) } });
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await stopDaemon(daemon);
  });

  it('delivers a claim to a loopback receiver, signed with the secret', async () => {
    const hook = await receiver();
    const added = await daemon.cli([
      'webhooks',
      'add',
      hook.url,
      '--events',
      'claim.*',
      '--secret',
      'correct-horse',
      '--json',
    ]);
    expect(added.code, added.stderr).toBe(0);
    const { webhook, secret } = parseJson<{ webhook: WebhookJson; secret: string }>(added);
    expect(secret).toBe('correct-horse');
    expect(webhook).toMatchObject({ url: hook.url, events: 'claim.*', lastAttempt: null });

    // A lock event does not match claim.*; the claim that follows does.
    await call(daemon, 'POST', '/locks/unrelated', { owner: 'a' });
    const claimed = await daemon.cli(['claim', 'hooked:api', '-q']);
    expect(claimed.code, claimed.stderr).toBe(0);
    const [delivery] = await hook.waitFor(1);
    expect(delivery!.headers['content-type']).toBe('application/json');
    expect(delivery!.headers['x-portdaddy-event']).toBe('claim.created');
    expect(delivery!.headers['x-portdaddy-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(signatureVerifies('correct-horse', delivery!)).toBe(true);
    expect(signatureVerifies('wrong-secret', delivery!)).toBe(false);
    const timestamp = Number(delivery!.headers['x-portdaddy-timestamp']);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(60);
    const payload = JSON.parse(delivery!.body) as {
      webhookId: string;
      event: { type: string; subject: string; data: { port: number } };
    };
    expect(payload).toMatchObject({
      webhookId: webhook.id,
      event: { type: 'claim.created', subject: 'hooked:api' },
    });
    expect(payload.event.data.port).toBe(Number(claimed.stdout.trim()));
    expect(hook.received).toHaveLength(1);

    // The secret is shown once: never in a listing, human or JSON.
    const listed = await daemon.cli(['webhooks']);
    expect(listed.stdout).toMatch(/^ID\s+URL\s+EVENTS\s+CREATED\s+LAST DELIVERY$/m);
    expect(listed.stdout).toMatch(
      new RegExp(`^${webhook.id}\\s+${hook.url}\\s+claim\\.\\*\\s`, 'm'),
    );
    const json = await daemon.cli(['webhooks', '--json']);
    for (const text of [listed.stdout, json.stdout]) expect(text).not.toContain('correct-horse');
    const rows = parseJson<WebhookJson[]>(json);
    expect(rows.find((row) => row.id === webhook.id)?.lastAttempt).toMatchObject({ status: 200 });
    expect(
      JSON.stringify((await call(daemon, 'GET', `/webhooks/${webhook.id}`)).body),
    ).not.toContain('correct-horse');
  });

  it('retries a failing receiver with backoff and logs every attempt', async () => {
    const hook = await receiver([500, 500]);
    const webhook = await addWebhook(daemon, { url: hook.url, events: 'lock.released' });
    await call(daemon, 'POST', '/locks/retry-me', { owner: 'a' });
    await call(daemon, 'POST', '/locks/retry-me/release', { owner: 'a' });
    const deliveries = await hook.waitFor(3);
    expect(deliveries.map((d) => d.headers['x-portdaddy-attempt'])).toEqual(['1', '2', '3']);
    expect(new Set(deliveries.map((d) => d.headers['x-portdaddy-delivery'])).size).toBe(1);
    // Each retry waits at least its backoff: 60 ms, then 120 ms.
    expect(deliveries[1]!.at - deliveries[0]!.at).toBeGreaterThanOrEqual(BACKOFF_MS - 5);
    expect(deliveries[2]!.at - deliveries[1]!.at).toBeGreaterThanOrEqual(2 * BACKOFF_MS - 5);
    for (const delivery of deliveries)
      expect(delivery.headers['x-portdaddy-event']).toBe('lock.released');

    const log = await daemon.cli(['webhooks', 'log', webhook.id, '--json']);
    expect(log.code, log.stderr).toBe(0);
    const attempts = parseJson<AttemptJson[]>(log);
    expect(attempts.map((a) => [a.attempt, a.status, a.error, a.retryInMs])).toEqual([
      [1, 500, 'HTTP 500', BACKOFF_MS],
      [2, 500, 'HTTP 500', 2 * BACKOFF_MS],
      [3, 200, null, null],
    ]);
    expect(attempts.every((a) => a.eventType === 'lock.released' && a.durationMs >= 0)).toBe(true);

    const table = await daemon.cli(['webhooks', 'log', webhook.id]);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+ATTEMPT\s+EVENT\s+RESULT\s+DURATION\s+NEXT\s+DELIVERY$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/).slice(1, 4))).toEqual([
      ['1', 'lock.released', expect.stringMatching(/^#\d+$/)],
      ['2', 'lock.released', expect.stringMatching(/^#\d+$/)],
      ['3', 'lock.released', expect.stringMatching(/^#\d+$/)],
    ]);
    expect(lines[1]).toMatch(/HTTP 500\s+\d+ ms\s+retry in 60 ms/);
    expect(lines[3]).toMatch(/\s200\s+\d+ ms\s+-\s/);
  });

  it('pd webhooks test sends a test event and reports how it went', async () => {
    const hook = await receiver([503]);
    const webhook = await addWebhook(daemon, {
      url: hook.url,
      events: 'nothing.matches',
      secret: 'test-secret',
    });
    const failed = await daemon.cli(['webhooks', 'test', webhook.id]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      /^test delivery [0-9a-f-]{36}: HTTP 503 in \d+ ms; retrying in 60 ms\n$/,
    );
    expect(failed.stderr).toBe('pd: test delivery failed: HTTP 503\n');
    // The retry of that test event, then a second test that succeeds at once.
    await hook.waitFor(2);
    const passed = await daemon.cli(['webhooks', 'test', webhook.id]);
    expect(passed.code, passed.stderr).toBe(0);
    expect(passed.stdout).toMatch(/^test delivery [0-9a-f-]{36}: 200 in \d+ ms\n$/);
    expect(hook.received).toHaveLength(3);
    for (const delivery of hook.received) {
      expect(delivery.headers['x-portdaddy-event']).toBe('webhook.test');
      expect(signatureVerifies('test-secret', delivery)).toBe(true);
    }
  });

  it('rm stops deliveries, and webhooks never hear about webhooks', async () => {
    const removed = await receiver();
    const kept = await receiver();
    const gone = await addWebhook(daemon, { url: removed.url, events: '*' });
    await addWebhook(daemon, { url: kept.url, events: '*' });
    const rm = await daemon.cli(['webhooks', 'rm', gone.id]);
    expect(rm.code, rm.stderr).toBe(0);
    expect(rm.stdout).toBe(`removed ${gone.id} (${removed.url})\n`);
    // The webhook.removed event went to nobody; the claim only to the webhook still there.
    await daemon.cli(['claim', 'after:rm']);
    const [delivery] = await kept.waitFor(1);
    expect(JSON.parse(delivery!.body)).toMatchObject({ event: { type: 'claim.created' } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(removed.received).toHaveLength(0);
    expect(kept.received).toHaveLength(1);

    const again = await daemon.cli(['webhooks', 'rm', gone.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`pd: no webhook ${gone.id}\n`);
  });

  it('refuses a URL that is not http(s): 400 over HTTP, exit 2 on the CLI', async () => {
    const before = (await call<{ webhooks: unknown[] }>(daemon, 'GET', '/webhooks')).body.webhooks;
    for (const url of ['ftp://127.0.0.1/x', 'file:///etc/passwd', 'localhost:8080']) {
      const answer = await call<ErrorJson>(daemon, 'POST', '/webhooks', { url, events: '*' });
      expect(answer.status, url).toBe(400);
      expect(answer.body.error.message).toBe(
        `invalid url "${url}": only http:// and https:// URLs can receive webhooks`,
      );
    }
    const cli = await daemon.cli(['webhooks', 'subscribe', 'ftp://x/', '--events', '*']);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toBe(
      'pd: invalid url "ftp://x/": only http:// and https:// URLs can receive webhooks\n',
    );
    const noEvents = await daemon.cli(['webhooks', 'add', 'http://127.0.0.1:1/']);
    expect(noEvents.code).toBe(2);
    expect(noEvents.stderr).toContain("required option '--events <patterns>' not specified");
    const after = (await call<{ webhooks: unknown[] }>(daemon, 'GET', '/webhooks')).body.webhooks;
    expect(after).toEqual(before);
  });

  it('answers malformed input on every webhook route with 400 and a clear message', async () => {
    const hook = await receiver();
    const { id } = await addWebhook(daemon, { url: hook.url, events: 'none' });
    const idRule = 'invalid webhook id "nope": ids look like wh_0123456789ab';
    const cases: [
      method: 'GET' | 'POST' | 'DELETE',
      path: string,
      body: unknown,
      message: string,
    ][] = [
      [
        'POST',
        '/webhooks',
        { events: '*' },
        'invalid webhook request: url: Invalid input: expected string, received undefined',
      ],
      [
        'POST',
        '/webhooks',
        { url: hook.url },
        'invalid webhook request: events: Invalid input: expected string, received undefined',
      ],
      [
        'POST',
        '/webhooks',
        { url: hook.url, events: 'a b' },
        'invalid events "a b": 1-20 comma-separated event types or patterns such as claim.*, lock.released or *',
      ],
      [
        'POST',
        '/webhooks',
        { url: hook.url, events: '*', secret: 'short' },
        'invalid webhook request: secret: Too small: expected string to have >=8 characters',
      ],
      [
        'POST',
        '/webhooks',
        { url: hook.url, events: '*', colour: 'red' },
        'invalid webhook request: body: Unrecognized key: "colour"',
      ],
      [
        'POST',
        '/webhooks',
        { url: 5, events: '*' },
        'invalid webhook request: url: Invalid input: expected string, received number',
      ],
      [
        'POST',
        '/webhooks',
        [1],
        'invalid webhook request: body: Invalid input: expected object, received array',
      ],
      ['POST', '/webhooks', '{"url":', 'request body is not valid JSON'],
      ['GET', '/webhooks/nope', undefined, idRule],
      ['DELETE', '/webhooks/nope', undefined, idRule],
      ['POST', '/webhooks/nope/test', undefined, idRule],
      [
        'POST',
        `/webhooks/${id}/test`,
        { event: 'x' },
        'invalid test request: body: Unrecognized key: "event"',
      ],
      ['POST', `/webhooks/${id}/test`, 'not json', 'request body is not valid JSON'],
      ['GET', '/webhooks/nope/attempts', undefined, idRule],
      [
        'GET',
        `/webhooks/${id}/attempts?limit=0`,
        undefined,
        'invalid attempts query: limit: Too small: expected number to be >=1',
      ],
      [
        'GET',
        `/webhooks/${id}/attempts?since=1`,
        undefined,
        'invalid attempts query: body: Unrecognized key: "since"',
      ],
    ];
    for (const [method, path, body, message] of cases) {
      const answer = await call<ErrorJson>(daemon, method, path, body);
      const what = `${method} ${path} ${JSON.stringify(body)}`;
      expect(answer.status, what).toBe(400);
      expect(answer.body.error.message, what).toContain(message);
      expect(answer.body.error.code, what).toMatch(/^(INVALID_INPUT|MALFORMED_JSON)$/);
    }
    // Nothing was sent or logged by the refused test requests.
    expect(hook.received).toHaveLength(0);
    expect(
      (await call<{ attempts: unknown[] }>(daemon, 'GET', `/webhooks/${id}/attempts`)).body
        .attempts,
    ).toEqual([]);
    const unknown = await call<ErrorJson>(daemon, 'GET', '/webhooks/wh_000000000000/attempts');
    expect(unknown.status).toBe(404);

    const bad = await daemon.cli(['webhooks', 'log', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`pd: ${idRule}\n`);
  });
});
