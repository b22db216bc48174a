export interface RestartPolicy {
  /** Wait before the first restart; doubled after each one in a row. */
  initialMs: number;
  /** Give up after this many restarts in a row. */
  maxRestarts: number;
  /** The longest wait between restarts (default 30s). */
  maxDelayMs?: number;
  /** A run that stayed up this long was healthy: the next crash starts counting again (default 30s). */
  resetAfterMs?: number;
}

export const DEFAULT_MAX_DELAY_MS = 30_000;
export const DEFAULT_RESET_AFTER_MS = 30_000;

/**
 * When to restart a service that exited: 1s, 2s, 4s ... up to 30s, and no more after
 * `maxRestarts` restarts in a row. Crash loops back off; a service that ran a while starts over.
 */
export class RestartBackoff {
  private inARow = 0;

  constructor(private readonly policy: RestartPolicy) {}

  /** Restarts made since the last run that stayed up long enough. */
  get restartsInARow(): number {
    return this.inARow;
  }

  /**
   * Call when a run ended, with how long it ran: the delay before the next start, or undefined
   * to give up.
   */
  next(uptimeMs: number): number | undefined {
    if (uptimeMs >= (this.policy.resetAfterMs ?? DEFAULT_RESET_AFTER_MS)) this.inARow = 0;
    if (this.inARow >= this.policy.maxRestarts) return undefined;
    const delay = Math.min(
      this.policy.initialMs * 2 ** this.inARow,
      this.policy.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
    );
    this.inARow++;
    return delay;
  }
}
