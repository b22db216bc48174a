import { describe, expect, it } from 'vitest';
import { RestartBackoff } from './restart-backoff.js';

describe('RestartBackoff', () => {
  it('doubles the delay from the initial one, capped at 30s', () => {
    const backoff = new RestartBackoff({ initialMs: 1000, maxRestarts: 10 });
    const delays = Array.from({ length: 7 }, () => backoff.next(0));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });

  it('gives up after maxRestarts in a row', () => {
    const backoff = new RestartBackoff({ initialMs: 100, maxRestarts: 2 });
    expect(backoff.next(0)).toBe(100);
    expect(backoff.next(0)).toBe(200);
    expect(backoff.next(0)).toBeUndefined();
    expect(backoff.restartsInARow).toBe(2);
  });

  it('never restarts with maxRestarts 0', () => {
    expect(new RestartBackoff({ initialMs: 100, maxRestarts: 0 }).next(0)).toBeUndefined();
  });

  it('starts counting again after a run that stayed up 30s', () => {
    const backoff = new RestartBackoff({ initialMs: 100, maxRestarts: 2 });
    backoff.next(0);
    backoff.next(0);
    expect(backoff.next(30_000)).toBe(100);
    expect(backoff.restartsInARow).toBe(1);
  });

  it('honours a custom cap and reset time', () => {
    const backoff = new RestartBackoff({
      initialMs: 100,
      maxRestarts: 5,
      maxDelayMs: 250,
      resetAfterMs: 1000,
    });
    expect([backoff.next(0), backoff.next(0), backoff.next(0)]).toEqual([100, 200, 250]);
    expect(backoff.next(999)).toBe(250);
    expect(backoff.next(1000)).toBe(100);
  });
});
