import { describe, expect, it } from 'vitest';
import { endToEndHeaders } from './proxy-headers.js';

describe('endToEndHeaders', () => {
  it('drops hop-by-hop headers and the ones Connection names, keeps the rest', () => {
    expect(
      endToEndHeaders({
        host: 'api.myapp.localhost:9876',
        connection: 'keep-alive, X-Secret-Hop',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
        upgrade: 'h2c',
        'x-secret-hop': '1',
        'content-type': 'text/plain',
        'set-cookie': ['a=1', 'b=2'],
      }),
    ).toEqual({
      host: 'api.myapp.localhost:9876',
      'content-type': 'text/plain',
      'set-cookie': ['a=1', 'b=2'],
    });
  });
});
