import { CliError, EXIT } from './exit-codes.js';

const RECONNECT_FOR_MS = 10_000;
const RECONNECT_EVERY_MS = 250;

/** The final event of a stream: the reader resumes from its id. */
interface EndEvent {
  type: 'overflow' | 'shutdown';
  id: number;
  data: { reason: string; lastId: number };
}

export interface FollowOptions<E extends { type: string; id: number }> {
  /** The daemon's address, for the message when it stays away. */
  url: string;
  since: number | undefined;
  /** What the first `ready` says: "following a, b", "watching the inbox of x". */
  what: string;
  /** Opens the stream from `since`; `done` ends with it, rejects when it cannot be opened. */
  open(since: number | undefined, onEvent: (event: E) => void): { done: Promise<void> };
  /** Every event but `ready`, `overflow` and `shutdown`. */
  onEvent(event: E): void;
  clock?: { now(): number; sleep(ms: number): Promise<void> };
}

const realClock = {
  now: () => Date.now(),
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

const isEnd = (event: { type: string }): event is EndEvent =>
  event.type === 'overflow' || event.type === 'shutdown';

/**
 * Follows a stream live; reconnects from the last id when it ends or drops, so nothing is lost
 * or printed twice. Gives up once the daemon has been away for RECONNECT_FOR_MS.
 */
export async function followStream<E extends { type: string; id: number }>(
  options: FollowOptions<E>,
): Promise<never> {
  const clock = options.clock ?? realClock;
  let cursor = options.since;
  let lostAt: number | undefined;
  let resumed = false;
  for (;;) {
    let ended: EndEvent | undefined;
    const stream = options.open(cursor, (event) => {
      lostAt = undefined;
      cursor = event.id;
      if (event.type === 'ready') {
        const what = resumed ? 'resumed' : options.what;
        process.stderr.write(`pd: ${what} after #${event.id}\n`);
        resumed = true;
      } else if (isEnd(event)) ended = event;
      else options.onEvent(event);
    });
    try {
      await stream.done;
    } catch (error) {
      if ((error as { status?: number }).status !== undefined) throw error;
    }
    if (ended?.type === 'overflow') process.stderr.write(`pd: ${ended.data.reason}; resuming\n`);
    lostAt ??= clock.now();
    if (clock.now() - lostAt > RECONNECT_FOR_MS)
      throw new CliError(
        `lost the daemon at ${options.url}; resume with --since ${cursor ?? 0}`,
        EXIT.UNREACHABLE,
      );
    await clock.sleep(ended?.type === 'overflow' ? 0 : RECONNECT_EVERY_MS);
  }
}
