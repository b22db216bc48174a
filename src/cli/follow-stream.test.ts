import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CliError, EXIT } from './exit-codes.js';
import { followStream } from './follow-stream.js';

type Event =
  | { type: 'ready'; id: number; data: null }
  | { type: 'message'; id: number; data: string }
  | { type: 'overflow' | 'shutdown'; id: number; data: { reason: string; lastId: number } };

/** A connection: the events it hears, then how it ends. */
interface Script {
  events: Event[];
  fails?: { status?: number; message: string };
}

function run(scripts: Script[]) {
  const opened: (number | undefined)[] = [];
  const seen: Event[] = [];
  const sleeps: number[] = [];
  let now = 0;
  const result = followStream<Event>({
    url: 'http://127.0.0.1:1',
    since: 3,
    what: 'following c',
    open(since, onEvent) {
      opened.push(since);
      const script = scripts.shift() ?? { events: [], fails: { message: 'refused' } };
      script.events.forEach(onEvent);
      return { done: script.fails ? Promise.reject(script.fails) : Promise.resolve() };
    },
    onEvent: (event) => seen.push(event),
    clock: {
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    },
  });
  return { result, opened, seen, sleeps };
}

let stderr: string[];
beforeEach(() => {
  stderr = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((text) => {
    stderr.push(String(text));
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

describe('followStream', () => {
  it('resumes from the last id, says so once, and gives up after the daemon stays away', async () => {
    const { result, opened, seen, sleeps } = run([
      {
        events: [
          { type: 'ready', id: 3, data: null },
          { type: 'message', id: 4, data: 'a' },
        ],
      },
      {
        events: [
          { type: 'ready', id: 4, data: null },
          { type: 'message', id: 5, data: 'b' },
        ],
      },
    ]);
    const error = await result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toBe(
      'lost the daemon at http://127.0.0.1:1; resume with --since 5',
    );
    expect((error as CliError).exitCode).toBe(EXIT.UNREACHABLE);
    expect(opened.slice(0, 3)).toEqual([3, 4, 5]);
    expect(seen.map((event) => event.id)).toEqual([4, 5]);
    expect(stderr.slice(0, 2)).toEqual(['pd: following c after #3\n', 'pd: resumed after #4\n']);
    expect(new Set(sleeps)).toEqual(new Set([250]));
    // The clock counts from the first loss: 10 s of 250 ms waits, then one more try.
    expect(sleeps.length).toBe(42);
  });

  it('reconnects at once after an overflow and reports its reason', async () => {
    const { result, sleeps } = run([
      {
        events: [
          { type: 'ready', id: 3, data: null },
          { type: 'overflow', id: 9, data: { reason: 'too slow', lastId: 9 } },
        ],
      },
    ]);
    await result.catch(() => {});
    expect(stderr).toContain('pd: too slow; resuming\n');
    expect(sleeps[0]).toBe(0);
  });

  it('does not hand ready or final events to onEvent', async () => {
    const { result, seen } = run([
      {
        events: [
          { type: 'ready', id: 3, data: null },
          { type: 'shutdown', id: 3, data: { reason: 'stopping', lastId: 3 } },
        ],
      },
    ]);
    await result.catch(() => {});
    expect(seen).toEqual([]);
  });

  it('throws an error the daemon answered with at once', async () => {
    const { result, opened } = run([{ events: [], fails: { status: 400, message: 'bad' } }]);
    await expect(result).rejects.toMatchObject({ status: 400 });
    expect(opened).toEqual([3]);
  });
});
