import { describe, expect, it } from 'vitest';
import { isLoopbackHostname } from './security.js';

describe('isLoopbackHostname', () => {
  it('accepts loopback names', () => {
    for (const name of [
      'localhost',
      'LOCALHOST',
      '127.0.0.1',
      '127.1.2.3',
      '::1',
      '[::1]',
      'api.myapp.localhost',
      'localhost.',
    ]) {
      expect(isLoopbackHostname(name), name).toBe(true);
    }
  });

  it('refuses everything else, including look-alikes', () => {
    for (const name of [
      'evil.com',
      'localhost.evil.com',
      '127.0.0.1.evil.com',
      '0.0.0.0',
      '192.168.1.2',
      'mylocalhost',
      '',
    ]) {
      expect(isLoopbackHostname(name), name).toBe(false);
    }
  });
});
