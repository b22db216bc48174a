import type { Revision } from '../store/index.js';
import type { Logger } from './logger.js';

const TICK_MS = 250;
/** Under steady writes, checkpoint at least this often so the WAL stays small. */
const MAX_DELAY_MS = 2000;

/**
 * Checkpoints stall the event loop (they fsync), so they run when writes pause for a tick, or
 * every 2 s under steady load: small and out of the way of requests.
 */
export function startCheckpoints(
  revision: Revision,
  run: () => void,
  logger: Logger,
): NodeJS.Timeout {
  let checkpointed = revision.current();
  let previousTick = checkpointed;
  let waitedMs = 0;
  return setInterval(() => {
    const current = revision.current();
    const idle = current === previousTick;
    previousTick = current;
    if (current === checkpointed) return;
    waitedMs += TICK_MS;
    if (!idle && waitedMs < MAX_DELAY_MS) return;
    try {
      run();
      checkpointed = current;
      waitedMs = 0;
    } catch (error) {
      logger.error('checkpoint failed', { error: String(error) });
    }
  }, TICK_MS);
}
