import { describe, expect, it } from 'vitest';
import { MAX_DURATION_MS, parseDuration } from './common.js';

describe('parseDuration', () => {
  it('reads seconds and unit suffixes', () => {
    expect(parseDuration(30)).toBe(30_000);
    expect(parseDuration('30')).toBe(30_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration(' 2h ')).toBe(7_200_000);
    expect(parseDuration('365d')).toBe(MAX_DURATION_MS);
  });

  it('refuses what is not a sane duration', () => {
    for (const bad of [
      '',
      'abc',
      '10x',
      '-5s',
      '0',
      0,
      -1,
      Number.NaN,
      Infinity,
      1e300,
      '366d',
      '300000000d',
      '0.1ms',
    ]) {
      expect(parseDuration(bad as string | number), String(bad)).toBeUndefined();
    }
  });
});

describe('parseDuration options', () => {
  it('takes zero only when allowed, and a custom bound', () => {
    expect(parseDuration('0s')).toBeUndefined();
    expect(parseDuration('0s', { allowZero: true })).toBe(0);
    expect(parseDuration(0, { allowZero: true })).toBe(0);
    expect(parseDuration('1h', { maxMs: 3_600_000 })).toBe(3_600_000);
    expect(parseDuration('61m', { maxMs: 3_600_000 })).toBeUndefined();
  });
});
