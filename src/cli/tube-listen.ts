import type { MessageView } from '../api/pubsub.js';
import type { PdClient } from '../client/index.js';
import type { StreamEvent } from '../client/pubsub-client.js';
import { CliError, EXIT } from './exit-codes.js';
import { printLine } from './output.js';

export type TubeFormat = 'body' | 'json' | 'raw';

const RECONNECT_FOR_MS = 10_000;
const RECONNECT_EVERY_MS = 250;

const bodyText = (message: MessageView) =>
  typeof message.message === 'string' ? message.message : JSON.stringify(message.message);

/** One message as `pd tube` prints it: the body, a JSON line, or `id<TAB>sender<TAB>body`. */
export function formatTubeMessage(message: MessageView, format: TubeFormat): string {
  if (format === 'json') return JSON.stringify(message);
  if (format === 'body') return bodyText(message);
  // One line per message: backslash, tab and newline are escaped.
  const escape = (text: string) =>
    text.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n');
  return `${message.id}\t${escape(message.sender ?? '')}\t${escape(bodyText(message))}`;
}

export interface TubeListener {
  client: PdClient;
  channel: string;
  format: TubeFormat;
  /** Records a message as seen; runs before it is printed, so no run prints it again. */
  seen(id: number): void;
}

function deliver(listener: TubeListener, message: MessageView): void {
  listener.seen(message.id);
  printLine(formatTubeMessage(message, listener.format));
}

/** Prints every retained message after `since`, oldest first; returns how many. */
export async function drain(listener: TubeListener, since: number): Promise<number> {
  let cursor = since;
  let count = 0;
  for (;;) {
    const page = await listener.client.pubsub.messages(listener.channel, {
      since: cursor,
      limit: 1000,
    });
    for (const message of page.messages) deliver(listener, message);
    count += page.messages.length;
    if (page.messages.length < 1000) return count;
    cursor = page.messages.at(-1)!.id;
  }
}

/**
 * Waits for messages after `since` (undefined: only new ones): prints the first and returns, or
 * with `tail` keeps printing. Reconnects from the last id when the daemon goes away for a moment.
 */
export async function follow(
  listener: TubeListener,
  since: number | undefined,
  tail: boolean,
): Promise<void> {
  let cursor = since;
  let lostAt: number | undefined;
  let announced = false;
  for (;;) {
    let finished = false;
    const stream = listener.client.pubsub.subscribe([listener.channel], {
      since: cursor,
      onEvent(event: StreamEvent) {
        if (finished) return;
        lostAt = undefined;
        cursor = event.id;
        if (event.type === 'message') {
          deliver(listener, event.data);
          if (!tail) {
            finished = true;
            stream.close();
          }
        } else if (event.type === 'ready' && !announced) {
          announced = true;
          process.stderr.write(`pd: waiting on ${listener.channel} after #${event.id}\n`);
        } else if (event.type === 'reset') {
          process.stderr.write(
            `pd: ${event.data.missed} message(s) on ${event.data.channel} after #${event.data.since} were dropped by retention\n`,
          );
        }
      },
    });
    try {
      await stream.done;
    } catch (error) {
      if ((error as { status?: number }).status !== undefined) throw error;
    }
    if (finished) return;
    lostAt ??= Date.now();
    if (Date.now() - lostAt > RECONNECT_FOR_MS)
      throw new CliError(`lost the daemon at ${listener.client.url}`, EXIT.UNREACHABLE);
    await new Promise((resolve) => setTimeout(resolve, RECONNECT_EVERY_MS));
  }
}
