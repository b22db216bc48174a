import http from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort, startDaemon, type TestDaemon } from '../helpers/daemon.js';

interface Answer {
  status: number;
  body: unknown;
}

interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

/** Every error answer the tests saw, checked for its shape at the end. */
const errorAnswers: { what: string; answer: Answer }[] = [];

/** Raw node:http: the body goes out byte for byte (or chunked, without a length). */
function request(
  port: number,
  options: {
    method?: string;
    path?: string;
    body?: string;
    chunked?: boolean;
    contentType?: string;
  } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {};
    if (options.body !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/json';
      if (!options.chunked) headers['content-length'] = Buffer.byteLength(options.body);
    }
    const outgoing = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
        path: options.path ?? '/claims',
        headers,
        agent: false,
        timeout: 10_000,
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => {
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // kept as text: the shape check will say so
          }
          const answer = { status: response.statusCode ?? 0, body };
          if (answer.status >= 400)
            errorAnswers.push({ what: `${options.path ?? '/claims'} ${text}`, answer });
          resolve(answer);
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
    outgoing.on('error', reject);
    if (options.body !== undefined && options.chunked) {
      // Two writes without a content-length: the limit must hold for streamed bodies too.
      const half = Math.floor(options.body.length / 2);
      outgoing.write(options.body.slice(0, half));
      outgoing.end(options.body.slice(half));
    } else outgoing.end(options.body);
  });
}

function expectError(answer: Answer, status: number, code: string): ErrorBody['error'] {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  const body = answer.body as ErrorBody;
  expect(body.error?.code, JSON.stringify(body)).toBe(code);
  return body.error;
}

const claimBody = (value: unknown) => JSON.stringify(value);

describe('HTTP errors', () => {
  let daemon: TestDaemon;
  beforeAll(async () => {
    daemon = await startDaemon();
  });
  afterAll(async () => {
    await daemon?.stop();
    daemon?.cleanup();
  });

  it('malformed JSON is 400 MALFORMED_JSON', async () => {
    const error = expectError(
      await request(daemon.port, { body: '{"identity": "a",' }),
      400,
      'MALFORMED_JSON',
    );
    expect(error.message).toMatch(/not valid JSON/);
  });

  it.each([
    ['identity is a number', { identity: 5 }, 'identity'],
    ['port is a string', { identity: 'a', port: 'x' }, 'port'],
    ['port is above 65535', { identity: 'a', port: 70000 }, 'port'],
    ['port is 0', { identity: 'a', port: 0 }, 'port'],
    ['pid is negative', { identity: 'a', pid: -1 }, 'pid'],
    ['pid is not an integer', { identity: 'a', pid: 1.5 }, 'pid'],
    ['owner is an array', { identity: 'a', owner: ['x'] }, 'owner'],
    ['a field is unknown', { identity: 'a', colour: 'red' }, 'colour'],
    ['identity is missing', {}, 'identity'],
  ])('wrong types are 400 INVALID_INPUT naming the field: %s', async (_what, body, field) => {
    const error = expectError(
      await request(daemon.port, { body: claimBody(body) }),
      400,
      'INVALID_INPUT',
    );
    expect(error.message).toContain(field);
    expect(error.details.issues).toBeInstanceOf(Array);
  });

  it.each([
    ['null', 'null'],
    ['an array', '[]'],
    ['a string', '"myapp"'],
  ])('a JSON body that is %s instead of an object is 400 INVALID_INPUT', async (_what, body) => {
    const error = expectError(await request(daemon.port, { body }), 400, 'INVALID_INPUT');
    expect(error.message).toMatch(/expected object/);
  });

  it.each(['soon', '-5m', '0s', '10 parsecs'])('a bad ttl "%s" is 400', async (ttl) => {
    const error = expectError(
      await request(daemon.port, { body: claimBody({ identity: 'ttl:bad', ttl }) }),
      400,
      'INVALID_INPUT',
    );
    expect(error.message).toContain('ttl');
  });

  it.each(['Bad Id!', 'a::b', 'myapp:*', 'x'.repeat(65)])(
    'a bad identity "%s" is 400 INVALID_IDENTITY',
    async (identity) => {
      const error = expectError(
        await request(daemon.port, { body: claimBody({ identity }) }),
        400,
        'INVALID_IDENTITY',
      );
      expect(error.message).toContain('invalid identity');
    },
  );

  it('a body over 1 MB is 413 PAYLOAD_TOO_LARGE, with or without a content-length', async () => {
    const huge = claimBody({ identity: 'big', owner: 'x'.repeat(1024 * 1024) });
    const sized = expectError(await request(daemon.port, { body: huge }), 413, 'PAYLOAD_TOO_LARGE');
    expect(sized.details).toEqual({ limit: 1024 * 1024 });
    expectError(
      await request(daemon.port, { body: huge, chunked: true }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    // Just under the limit the body is read and validated instead.
    const under = claimBody({ identity: 'big', owner: 'x'.repeat(1024 * 1024 - 100) });
    expectError(await request(daemon.port, { body: under }), 400, 'INVALID_INPUT');
  });

  it('an unknown route is 404 ROUTE_NOT_FOUND naming the method and path', async () => {
    const error = expectError(
      await request(daemon.port, { path: '/no/such/route' }),
      404,
      'ROUTE_NOT_FOUND',
    );
    expect(error.details).toEqual({ method: 'GET', path: '/no/such/route' });
    expectError(
      await request(daemon.port, { method: 'DELETE', path: '/claims' }),
      404,
      'ROUTE_NOT_FOUND',
    );
  });

  it.each(['/ports/abc', '/ports/0', '/ports/70000'])('GET %s is 400', async (path) => {
    const error = expectError(await request(daemon.port, { path }), 400, 'INVALID_INPUT');
    expect(error.message).toContain('port');
  });

  it('an unknown query parameter is 400', async () => {
    expectError(await request(daemon.port, { path: '/claims?colour=red' }), 400, 'INVALID_INPUT');
  });

  it('a --port conflict is 409 PORT_TAKEN with details.holder.identity', async () => {
    const port = await freePort();
    const first = await request(daemon.port, { body: claimBody({ identity: 'holder:api', port }) });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ identity: 'holder:api', port });
    const error = expectError(
      await request(daemon.port, { body: claimBody({ identity: 'other:api', port }) }),
      409,
      'PORT_TAKEN',
    );
    expect(error.details).toMatchObject({ port, holder: { identity: 'holder:api' } });
    expect(error.message).toContain('holder:api');
  });

  it('pd claim --port on a held port exits 1 and names the holder', async () => {
    const port = await freePort();
    expect((await daemon.cli(['claim', 'cli:holder', '--port', String(port), '-q'])).code).toBe(0);
    const result = await daemon.cli(['claim', 'cli:other', '--port', String(port)]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`port ${port} is claimed by cli:holder`);
  });

  it('releasing a pattern that matches nothing returns count 0', async () => {
    const answer = await request(daemon.port, {
      path: '/claims/release',
      body: JSON.stringify({ pattern: 'nothing-here:*' }),
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ released: [], count: 0 });
  });

  it('GET /openapi.json is an OpenAPI 3 document listing /claims', async () => {
    const answer = await request(daemon.port, { path: '/openapi.json' });
    expect(answer.status).toBe(200);
    const document = answer.body as {
      openapi: string;
      info: { title: string };
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info.title).toBe('port-daddy');
    expect(Object.keys(document.paths['/claims'] ?? {})).toEqual(
      expect.arrayContaining(['get', 'post']),
    );
    expect(document.paths).toHaveProperty('/claims/release');
    expect(document.paths).toHaveProperty('/health');
  });

  it('every error body is exactly { error: { code, message, details } }', () => {
    expect(errorAnswers.length).toBeGreaterThanOrEqual(20);
    for (const { what, answer } of errorAnswers) {
      const body = answer.body as ErrorBody;
      expect(typeof body, what).toBe('object');
      expect(Object.keys(body), what).toEqual(['error']);
      expect(Object.keys(body.error).sort(), what).toEqual(['code', 'details', 'message']);
      expect(body.error.code, what).toMatch(/^[A-Z_]+$/);
      expect(body.error.message.length, what).toBeGreaterThan(0);
      expect(body.error.details, what).toBeTypeOf('object');
      expect(Array.isArray(body.error.details), what).toBe(false);
      expect(body.error.details, what).not.toBeNull();
    }
  });

  it('the daemon is unharmed by all of it', async () => {
    const health = await request(daemon.port, { path: '/health' });
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ ok: true, pid: daemon.pid });
    expect(daemon.process.exitCode).toBeNull();
    const claim = await request(daemon.port, { body: claimBody({ identity: 'after:errors' }) });
    expect(claim.status).toBe(200);
    expect(claim.body).toMatchObject({ identity: 'after:errors', existing: false });
    const list = await request(daemon.port, { path: '/claims' });
    expect(list.status).toBe(200);
    const identities = (list.body as { claims: { identity: string }[] }).claims.map(
      (c) => c.identity,
    );
    // Nothing half-written: only the claims that were answered 200 exist.
    expect(identities.sort()).toEqual(['after:errors', 'cli:holder', 'holder:api']);
    expect(daemon.output()).not.toContain('unhandled error');
  });
});

describe('a TTL too large to be a date', () => {
  // One daemon each: a claim stored by mistake must not leak into the next case.
  let daemon: TestDaemon;
  beforeEach(async () => {
    daemon = await startDaemon();
  });
  afterEach(async () => {
    await daemon?.stop();
    daemon?.cleanup();
  });

  it.each([
    ['300000000d', '300000000d'],
    ['1e300 seconds', 1e300],
  ])('is 400, stores nothing and leaves GET /claims working: %s', async (_what, ttl) => {
    const answer = await request(daemon.port, { body: claimBody({ identity: 'huge:ttl', ttl }) });
    const list = await request(daemon.port, { path: '/claims' });
    // Soft, so a failure shows both halves: the 500 answer and the list it breaks afterwards.
    expect.soft(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect.soft((answer.body as ErrorBody).error?.code).toBe('INVALID_INPUT');
    expect.soft((answer.body as ErrorBody).error?.message).toContain('ttl');
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body).toEqual({ claims: [] });
  });
});
