import type { InboxMessageView } from '../../api/inbox.js';
import type { InboxStreamEvent } from '../../client/inbox-client.js';
import type { PdClient } from '../../client/index.js';
import { followStream } from '../follow-stream.js';
import { cyan, dim, printLine } from '../output.js';

export function formatInboxLine(message: InboxMessageView): string {
  const time = message.at.slice(11, 19);
  const sender = message.sender ? ` ${cyan(message.sender)}:` : '';
  return `${dim(`#${message.id} ${time}`)}${sender} ${message.text}`;
}

/**
 * Follows an inbox live and prints each message; reconnects from the last id when the stream
 * ends or drops, so nothing is lost or printed twice. Never marks anything read.
 */
export function watchInbox(
  client: PdClient,
  agent: string,
  since: number | undefined,
  json: boolean,
): Promise<never> {
  return followStream<InboxStreamEvent>({
    url: client.url,
    since,
    what: `watching the inbox of ${agent}`,
    open: (cursor, onEvent) => client.inbox.watch(agent, { since: cursor, onEvent }),
    onEvent(event) {
      if (event.type === 'message')
        printLine(json ? JSON.stringify(event.data) : formatInboxLine(event.data));
    },
  });
}
