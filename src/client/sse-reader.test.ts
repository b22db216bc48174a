import { describe, expect, it } from 'vitest';
import { SseParser, type SseEvent } from './sse-reader.js';

describe('SseParser', () => {
  it('splits events across chunks, keeps the id, skips comments, joins data lines', () => {
    const events: SseEvent[] = [];
    const parser = new SseParser((event) => events.push(event));
    parser.push(': ping\n\nevent: message\nid: 7\nda');
    parser.push('ta: {"a":1}\r\n\r\ndata: one\ndata: two\n\n');
    expect(events).toEqual([
      { event: 'message', id: '7', data: '{"a":1}' },
      { event: 'message', id: '7', data: 'one\ntwo' },
    ]);
  });
});
