import { describe, expect, it } from 'vitest';
import { isoTime, isoTimeOrNull } from './iso-time.js';

describe('isoTime', () => {
  it('writes what Date#toISOString writes, across days, leap days and the epoch', () => {
    const samples = [
      0, 1, 999, 86_399_999, 86_400_000, 951_782_400_000, 1_709_251_199_999, 1_709_251_200_000,
      1_764_400_000_123, 4_102_444_800_000,
    ];
    for (let i = 0; i < 2000; i++) samples.push(1_764_400_000_000 + i * 9_973_301);
    for (const ms of samples) expect(isoTime(ms), String(ms)).toBe(new Date(ms).toISOString());
  });

  it('passes null through and falls back for times before 1970', () => {
    expect(isoTimeOrNull(null)).toBeNull();
    expect(isoTime(-1)).toBe('1969-12-31T23:59:59.999Z');
  });
});
