import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Revision } from '../store/index.js';
import { startCheckpoints } from './checkpoints.js';
import type { Logger } from './logger.js';

const logger = { error: vi.fn() } as unknown as Logger;

describe('startCheckpoints', () => {
  afterEach(() => vi.useRealTimers());

  it('checkpoints once writes pause, at most every 2 s under steady writes, never when idle', () => {
    vi.useFakeTimers();
    let value = 0;
    const revision = { current: () => value } as Revision;
    const run = vi.fn();
    const timer = startCheckpoints(revision, run, logger);
    vi.advanceTimersByTime(1000);
    expect(run).not.toHaveBeenCalled();
    value = 5;
    vi.advanceTimersByTime(250);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(250);
    expect(run).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 16; i++) {
      value++;
      vi.advanceTimersByTime(250);
    }
    expect(run).toHaveBeenCalledTimes(3);
    clearInterval(timer);
  });
});
