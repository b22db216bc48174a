import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, stopDaemon, type TestDaemon } from '../helpers/daemon.js';

interface Answer {
  status: number;
  contentType: string;
  body: { error?: { code: string; message: string; details: Record<string, unknown> } };
}

function request(
  daemon: TestDaemon,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      daemon.url + path,
      { method, agent: false, headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: String(response.headers['content-type']),
            body: JSON.parse(text) as Answer['body'],
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe('pub/sub routes refuse malformed input with 400', () => {
  let daemon: TestDaemon;
  beforeAll(async () => {
    daemon = await startDaemon();
  });
  afterAll(() => stopDaemon(daemon));

  it.each([
    ['a bad channel', '/channels/a::b/messages', '{"message":1}', 'channel'],
    ['a pattern as channel', '/channels/a:*/messages', '{"message":1}', 'channel'],
    ['a reserved channel', '/channels/pd:events/messages', '{"message":1}', 'channel'],
    ['no message', '/channels/ok/messages', '{}', 'message'],
    ['an unknown field', '/channels/ok/messages', '{"message":1,"colour":"red"}', 'colour'],
    ['an unknown signal', '/channels/ok/messages', '{"message":1,"signal":"sos"}', 'signal'],
    ['a sender that is a number', '/channels/ok/messages', '{"message":1,"sender":5}', 'sender'],
    ['a body that is an array', '/channels/ok/messages', '[1]', 'expected object'],
  ])('POST publish with %s', async (_what, path, body, field) => {
    const answer = await request(daemon, 'POST', path, body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body.error?.code).toBe('INVALID_INPUT');
    expect(answer.body.error?.message).toContain(field);
  });

  it('POST publish with malformed JSON is 400 MALFORMED_JSON', async () => {
    const answer = await request(daemon, 'POST', '/channels/ok/messages', '{"message":');
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('MALFORMED_JSON');
  });

  it('a body over 1 MB is 413', async () => {
    const body = JSON.stringify({ message: 'x'.repeat(1024 * 1024) });
    const answer = await request(daemon, 'POST', '/channels/ok/messages', body);
    expect(answer.status).toBe(413);
  });

  it.each([
    ['since is text', '/channels/ok/messages?since=abc', 'since'],
    ['since is negative', '/channels/ok/messages?since=-1', 'since'],
    ['limit is 0', '/channels/ok/messages?limit=0', 'limit'],
    ['limit is too large', '/channels/ok/messages?limit=100000', 'limit'],
    ['an unknown parameter', '/channels/ok/messages?colour=red', 'colour'],
    ['a bad pattern', '/channels/a:%3E:b/messages', 'channel'],
  ])('GET messages with %s', async (_what, path, field) => {
    const answer = await request(daemon, 'GET', path);
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body.error?.code).toBe('INVALID_INPUT');
    expect(answer.body.error?.message).toContain(field);
  });

  it.each([
    ['no channel', '/subscribe', 'channel'],
    ['an empty channel', '/subscribe?channel=', 'channel'],
    ['a bad pattern', '/subscribe?channel=a:%3E:b', 'channel'],
    ['since is text', '/subscribe?channel=a&since=soon', 'since'],
    ['an unknown parameter', '/subscribe?channel=a&colour=red', 'colour'],
    ['too many channels', '/subscribe?' + 'channel=a&'.repeat(33), 'channel'],
  ])('GET /subscribe with %s is a plain JSON 400, not a stream', async (_what, path, field) => {
    const answer = await request(daemon, 'GET', path);
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.contentType).toContain('application/json');
    expect(answer.body.error?.code).toBe('INVALID_INPUT');
    expect(answer.body.error?.message).toContain(field);
  });

  it('GET /subscribe with a Last-Event-ID that is not an id is 400', async () => {
    const answer = await request(daemon, 'GET', '/subscribe?channel=a', undefined, {
      'last-event-id': 'yesterday',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.message).toContain('Last-Event-ID');
  });

  it('the daemon is unharmed and stored nothing', async () => {
    const answer = await request(daemon, 'GET', '/channels/%3E/messages');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ messages: [], resets: [] });
    expect(daemon.output()).not.toContain('unhandled error');
  });
});
