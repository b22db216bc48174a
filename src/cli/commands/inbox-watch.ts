import type { InboxMessageView } from '../../api/inbox.js';
import type { InboxStreamEvent } from '../../client/inbox-client.js';
import type { PdClient } from '../../client/index.js';
import { CliError, EXIT } from '../exit-codes.js';
import { cyan, dim, printLine } from '../output.js';

const RECONNECT_FOR_MS = 10_000;
const RECONNECT_EVERY_MS = 250;

export function formatInboxLine(message: InboxMessageView): string {
  const time = message.at.slice(11, 19);
  const sender = message.sender ? ` ${cyan(message.sender)}:` : '';
  return `${dim(`#${message.id} ${time}`)}${sender} ${message.text}`;
}

/**
 * Follows an inbox live and prints each message; reconnects from the last id when the stream
 * ends or drops, so nothing is lost or printed twice. Never marks anything read.
 */
export async function watchInbox(
  client: PdClient,
  agent: string,
  since: number | undefined,
  json: boolean,
): Promise<never> {
  let cursor = since;
  let lostAt: number | undefined;
  let resumed = false;
  for (;;) {
    let ended: InboxStreamEvent | undefined;
    const stream = client.inbox.watch(agent, {
      since: cursor,
      onEvent(event) {
        lostAt = undefined;
        cursor = event.id;
        if (event.type === 'ready') {
          const what = resumed ? 'resumed' : `watching the inbox of ${agent}`;
          process.stderr.write(`pd: ${what} after #${event.id}\n`);
          resumed = true;
        } else if (event.type === 'message')
          printLine(json ? JSON.stringify(event.data) : formatInboxLine(event.data));
        else ended = event;
      },
    });
    try {
      await stream.done;
    } catch (error) {
      if ((error as { status?: number }).status !== undefined) throw error;
    }
    if (ended?.type === 'overflow') process.stderr.write(`pd: ${ended.data.reason}; resuming\n`);
    lostAt ??= Date.now();
    if (Date.now() - lostAt > RECONNECT_FOR_MS)
      throw new CliError(
        `lost the daemon at ${client.url}; resume with --since ${cursor ?? 0}`,
        EXIT.UNREACHABLE,
      );
    await new Promise((resolve) =>
      setTimeout(resolve, ended?.type === 'overflow' ? 0 : RECONNECT_EVERY_MS),
    );
  }
}
