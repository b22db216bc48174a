import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, stopDaemon, type TestDaemon } from '../helpers/daemon.js';
import { listOverHttp } from '../helpers/inbox.js';
import { api, type LockErrorJson } from '../helpers/locks.js';

const AGENT_RULE = "1-200 characters: letters, digits, '.', '_', ':', '@', '-'";
const noAgent = { PORT_DADDY_AGENT: '' };

describe('pd inbox input', () => {
  let daemon: TestDaemon;
  beforeAll(async () => {
    daemon = await startDaemon();
  });
  afterAll(() => stopDaemon(daemon));

  it('answers malformed input on every route with 400 and a clear message; stores nothing', async () => {
    const long = 'x'.repeat(201);
    const cases: [
      method: 'GET' | 'POST',
      path: string,
      body: unknown,
      code: string,
      message: string,
    ][] = [
      [
        'POST',
        '/inboxes/a%20b/messages',
        { text: 'x' },
        'INVALID_INPUT',
        `invalid agent id "a b": ${AGENT_RULE}`,
      ],
      [
        'POST',
        `/inboxes/${long}/messages`,
        { text: 'x' },
        'INVALID_INPUT',
        `invalid agent id "${long}": ${AGENT_RULE}`,
      ],
      [
        'POST',
        '/inboxes/input/messages',
        '{"text":',
        'MALFORMED_JSON',
        'request body is not valid JSON',
      ],
      [
        'POST',
        '/inboxes/input/messages',
        {},
        'INVALID_INPUT',
        'invalid inbox message: text: Invalid input: expected string, received undefined',
      ],
      [
        'POST',
        '/inboxes/input/messages',
        { text: '' },
        'INVALID_INPUT',
        'invalid inbox message: text: Too small: expected string to have >=1 characters',
      ],
      [
        'POST',
        '/inboxes/input/messages',
        { text: 'x'.repeat(65_537) },
        'INVALID_INPUT',
        'invalid inbox message: text: Too big: expected string to have <=65536 characters',
      ],
      [
        'POST',
        '/inboxes/input/messages',
        { text: 'x', sender: 5 },
        'INVALID_INPUT',
        'invalid inbox message: sender: Invalid input: expected string, received number',
      ],
      [
        'POST',
        '/inboxes/input/messages',
        { text: 'x', to: 'y' },
        'INVALID_INPUT',
        'invalid inbox message: body: Unrecognized key: "to"',
      ],
      [
        'POST',
        '/inboxes/input/messages',
        [],
        'INVALID_INPUT',
        'invalid inbox message: body: Invalid input: expected object, received array',
      ],
      [
        'GET',
        '/inboxes/a%2Fb/messages',
        undefined,
        'INVALID_INPUT',
        `invalid agent id "a/b": ${AGENT_RULE}`,
      ],
      [
        'GET',
        '/inboxes/input/messages?unread=maybe',
        undefined,
        'INVALID_INPUT',
        'invalid query: unread: must be true, false, 1 or 0',
      ],
      [
        'GET',
        '/inboxes/input/messages?limit=0',
        undefined,
        'INVALID_INPUT',
        'invalid query: limit: Too small: expected number to be >=1',
      ],
      [
        'GET',
        '/inboxes/input/messages?limit=1001',
        undefined,
        'INVALID_INPUT',
        'invalid query: limit: Too big: expected number to be <=1000',
      ],
      [
        'GET',
        '/inboxes/input/messages?since=-1',
        undefined,
        'INVALID_INPUT',
        'invalid query: since: Too small: expected number to be >=0',
      ],
      [
        'GET',
        '/inboxes/input/messages?page=2',
        undefined,
        'INVALID_INPUT',
        'invalid query: body: Unrecognized key: "page"',
      ],
      [
        'POST',
        '/inboxes/a%20b/read',
        { all: true },
        'INVALID_INPUT',
        `invalid agent id "a b": ${AGENT_RULE}`,
      ],
      ['POST', '/inboxes/input/read', 'nope', 'MALFORMED_JSON', 'request body is not valid JSON'],
      [
        'POST',
        '/inboxes/input/read',
        {},
        'INVALID_INPUT',
        'invalid read request: body: give either ids or all: true (exactly one)',
      ],
      [
        'POST',
        '/inboxes/input/read',
        { ids: [1], all: true },
        'INVALID_INPUT',
        'invalid read request: body: give either ids or all: true (exactly one)',
      ],
      [
        'POST',
        '/inboxes/input/read',
        { all: false },
        'INVALID_INPUT',
        'invalid read request: all: Invalid input: expected true',
      ],
      [
        'POST',
        '/inboxes/input/read',
        { ids: ['1'] },
        'INVALID_INPUT',
        'invalid read request: ids.0: Invalid input: expected number, received string',
      ],
      [
        'POST',
        '/inboxes/input/read',
        { ids: [0] },
        'INVALID_INPUT',
        'invalid read request: ids.0: Too small: expected number to be >0',
      ],
      [
        'GET',
        '/inboxes/a%20b/stream',
        undefined,
        'INVALID_INPUT',
        `invalid agent id "a b": ${AGENT_RULE}`,
      ],
      [
        'GET',
        '/inboxes/input/stream?since=abc',
        undefined,
        'INVALID_INPUT',
        'invalid query: since: Invalid input: expected number, received NaN',
      ],
      [
        'GET',
        '/inboxes/input/stream?agent=x',
        undefined,
        'INVALID_INPUT',
        'invalid query: body: Unrecognized key: "agent"',
      ],
    ];
    for (const [method, path, body, code, message] of cases) {
      const answer = await api<LockErrorJson>(daemon, method, path, body);
      const where = `${method} ${path} ${JSON.stringify(body)?.slice(0, 40)}`;
      expect(answer.status, where).toBe(400);
      expect(answer.body.error.code, where).toBe(code);
      if (code === 'MALFORMED_JSON')
        expect(answer.body.error.message, where).toMatch(new RegExp(`^${message}: `));
      else expect(answer.body.error.message, where).toBe(message);
    }
    const badId = await fetch(`${daemon.url}/inboxes/input/stream`, {
      headers: { 'last-event-id': 'x1' },
    });
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as LockErrorJson).error.message).toBe(
      'invalid Last-Event-ID "x1": must be a message id',
    );
    expect(await listOverHttp(daemon, 'input')).toMatchObject({ total: 0, messages: [] });
    expect((await api(daemon, 'GET', '/health')).status).toBe(200);
  });

  it('exits 2 with a clear message on CLI usage errors', async () => {
    const cases: [args: string[], stderr: string][] = [
      [['inbox'], 'pd: no agent: pass --agent <id> or set PORT_DADDY_AGENT\n'],
      [['inbox', 'watch'], 'pd: no agent: pass --agent <id> or set PORT_DADDY_AGENT\n'],
      [['inbox', 'read', '--all'], 'pd: no agent: pass --agent <id> or set PORT_DADDY_AGENT\n'],
      [['inbox', 'read', '--agent', 'bob'], 'pd: give message ids or --all (one of them)\n'],
      [
        ['inbox', 'read', '1', '--all', '--agent', 'bob'],
        'pd: give message ids or --all (one of them)\n',
      ],
      [['inbox', 'read', 'first', '--agent', 'bob'], 'must be a message id (a positive integer).'],
      [
        ['inbox', 'watch', '--agent', 'bob', '--since', 'later'],
        'must be a message id (0 or more).',
      ],
      [['inbox', 'send', 'a b', 'hi'], `pd: invalid agent id "a b": ${AGENT_RULE}\n`],
      [['inbox', 'send', 'bob'], "error: missing required argument 'text'"],
      [['inbox', 'list'], "error: too many arguments for 'inbox'"],
    ];
    for (const [args, stderr] of cases) {
      const result = await daemon.cli(args, { env: noAgent });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(stderr);
      expect(result.stdout, args.join(' ')).toBe('');
    }
  });
});
