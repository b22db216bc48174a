/** Five attempts in all: the first at once, then after 1 s, 2 s, 4 s and 8 s. */
export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 1000;

/**
 * The waits before each retry: `baseMs` doubled each time, so `backoffSchedule(1000, 5)` is
 * [1000, 2000, 4000, 8000]; capped at an hour so a large base cannot overflow a timer.
 */
export function backoffSchedule(baseMs: number, maxAttempts: number): number[] {
  return Array.from({ length: Math.max(0, maxAttempts - 1) }, (_, retry) =>
    Math.min(baseMs * 2 ** retry, 3_600_000),
  );
}
