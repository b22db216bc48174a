import { describe, expect, it } from 'vitest';
import { PdError } from '../../api/errors.js';
import { backoffSchedule } from './backoff.js';
import { compileEventPatterns, isWebhookEvent, parseEventPatterns } from './event-pattern.js';
import { signPayload, verifySignature } from './sign-payload.js';

describe('backoffSchedule', () => {
  it('doubles from the base, one wait fewer than attempts', () => {
    expect(backoffSchedule(1000, 5)).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffSchedule(10, 3)).toEqual([10, 20]);
    expect(backoffSchedule(1000, 1)).toEqual([]);
  });

  it('caps a wait at an hour', () => {
    expect(backoffSchedule(3_000_000, 3)).toEqual([3_000_000, 3_600_000]);
  });
});

describe('event patterns', () => {
  it('match whole types, with * for any text', () => {
    const matches = compileEventPatterns(parseEventPatterns('claim.*, lock.released'));
    expect(['claim.created', 'claim.released', 'lock.released'].every(matches)).toBe(true);
    expect(['lock.acquired', 'xclaim.created', 'claim', 'lock.released.x'].some(matches)).toBe(
      false,
    );
    expect(compileEventPatterns(['*'])('anything.at.all')).toBe(true);
    // A dot is literal, not "any character".
    expect(compileEventPatterns(['lock.released'])('lockxreleased')).toBe(false);
  });

  it('refuses empty, odd or too many patterns', () => {
    for (const bad of ['', ',', 'claim created', 'a/b', 'x'.repeat(101), 'a,'.repeat(21)]) {
      expect(() => parseEventPatterns(bad), bad).toThrow(PdError);
    }
    expect(() => parseEventPatterns('a b')).toThrow(
      'invalid events "a b": 1-20 comma-separated event types or patterns such as claim.*, lock.released or *',
    );
  });

  it('knows its own events, which are never delivered', () => {
    expect(isWebhookEvent('webhook.failed')).toBe(true);
    expect(isWebhookEvent('lock.acquired')).toBe(false);
  });
});

describe('signatures', () => {
  const body = '{"event":{"type":"claim.created"}}';

  it('is sha256= and the hex HMAC of "<timestamp>.<body>"', () => {
    // Computed independently: printf '1700000000.%s' "$body" | openssl dgst -sha256 -hmac s3cret
    expect(signPayload('s3cret', 1_700_000_000, body)).toBe(
      'sha256=15dbab8d56694bd9f30325c1783db6b6e431dcb92bda777b6a3461eb0b6c429f',
    );
    expect(signPayload('s3cret', 1_700_000_000, body)).not.toBe(
      signPayload('s3cret', 1_700_000_001, body),
    );
  });

  it('verifies, and refuses another secret, body, or an old timestamp', () => {
    const signature = signPayload('s3cret', 1000, body);
    const header = { signature, timestamp: '1000' };
    expect(verifySignature('s3cret', header, body, 1010)).toBe(true);
    expect(verifySignature('other', header, body, 1010)).toBe(false);
    expect(verifySignature('s3cret', header, body + ' ', 1010)).toBe(false);
    expect(verifySignature('s3cret', header, body, 1000 + 301)).toBe(false);
    expect(verifySignature('s3cret', { signature, timestamp: '1001' }, body, 1001)).toBe(false);
    expect(verifySignature('s3cret', { signature: undefined, timestamp: '1000' }, body, 1000)).toBe(
      false,
    );
  });
});
