import { describe, expect, it } from 'vitest';
import { hostOfHead } from './proxy-tunnel.js';

describe('hostOfHead', () => {
  it('finds the Host header of a raw request head, in any case, without surrounding blanks', () => {
    expect(hostOfHead('GET / HTTP/1.1\r\nAccept: */*\r\nhOsT: \t api.myapp.localhost:9876 ')).toBe(
      'api.myapp.localhost:9876',
    );
  });

  it('ignores headers that only end in "host" and heads without one', () => {
    expect(hostOfHead('GET / HTTP/1.1\r\nX-Forwarded-Host: a.b.localhost')).toBeUndefined();
    expect(hostOfHead('GET / HTTP/1.0')).toBeUndefined();
  });
});
