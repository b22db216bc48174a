import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor, type TestDaemon } from './daemon.js';

export interface Received {
  headers: http.IncomingHttpHeaders;
  /** The raw body, exactly as signed. */
  body: string;
  /** When it arrived (ms since the receiver started). */
  at: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Resolves once `count` deliveries arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** A webhook receiver on loopback: answers each POST with the next of `statuses`, then 200. */
export async function startReceiver(statuses: number[] = []): Promise<Receiver> {
  const received: Received[] = [];
  const started = performance.now();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: performance.now() - started,
      });
      response.statusCode = statuses.shift() ?? 200;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    waitFor: (count, timeoutMs = 10_000) =>
      waitFor(() => received.length >= count, timeoutMs, 10).then(() => received),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Verifies as docs/webhooks.md tells a receiver to, written apart from the daemon's code. */
export function signatureVerifies(secret: string, delivery: Received): boolean {
  const timestamp = String(delivery.headers['x-portdaddy-timestamp']);
  const expected =
    'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${delivery.body}`).digest('hex');
  return delivery.headers['x-portdaddy-signature'] === expected;
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
}

/** One HTTP call; `body` as a string goes out as it is (for malformed JSON). */
export async function call<T = unknown>(
  daemon: TestDaemon,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<Answer<T>> {
  const response = await fetch(daemon.url + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

export interface WebhookJson {
  id: string;
  url: string;
  events: string;
  createdAt: string;
  lastAttempt: AttemptJson | null;
}

export interface AttemptJson {
  deliveryId: string;
  eventId: number | null;
  eventType: string;
  attempt: number;
  status: number | null;
  error: string | null;
  durationMs: number;
  retryInMs: number | null;
}

/** Setup that is not under test goes over HTTP. */
export async function addWebhook(
  daemon: TestDaemon,
  request: { url: string; events: string; secret?: string },
): Promise<WebhookJson> {
  const answer = await call<{ webhook: WebhookJson }>(daemon, 'POST', '/webhooks', request);
  if (answer.status !== 200) throw new Error(JSON.stringify(answer.body));
  return answer.body.webhook;
}
