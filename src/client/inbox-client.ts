import type { InboxList, InboxMessageView, ReadInboxResult } from '../api/inbox.js';
import type { HttpTransport } from './http-transport.js';
import { openSse, type SseStream } from './sse-reader.js';

/** What an inbox watch hears; `id` is the cursor to resume from. */
export type InboxStreamEvent =
  | { type: 'ready'; id: number; data: { agent: string; since: number; lastId: number } }
  | { type: 'message'; id: number; data: InboxMessageView }
  | { type: 'overflow' | 'shutdown'; id: number; data: { reason: string; lastId: number } };

export interface InboxListOptions {
  unread?: boolean | undefined;
  since?: number | undefined;
  limit?: number | undefined;
}

export interface WatchInboxOptions {
  /** Replay retained messages after this id (sent as Last-Event-ID); default: only new ones. */
  since?: number | undefined;
  onEvent(event: InboxStreamEvent): void;
}

const inboxPath = (agent: string, suffix: string) =>
  `/inboxes/${encodeURIComponent(agent)}/${suffix}`;

/** Per-agent inboxes: send, list (never marks read), read, watch (SSE). */
export class InboxClient {
  constructor(readonly transport: HttpTransport) {}

  /** Resolves once the message is stored, with its id. */
  send(agent: string, text: string, options: { sender?: string | undefined } = {}) {
    return this.transport.request<InboxMessageView>('POST', inboxPath(agent, 'messages'), {
      text,
      ...(options.sender === undefined ? {} : { sender: options.sender }),
    });
  }

  /** Messages after `since`, oldest first; marks nothing read. */
  list(agent: string, options: InboxListOptions = {}): Promise<InboxList> {
    const params = new URLSearchParams();
    if (options.unread !== undefined) params.set('unread', String(options.unread));
    if (options.since !== undefined) params.set('since', String(options.since));
    if (options.limit !== undefined) params.set('limit', String(options.limit));
    const search = params.size === 0 ? '' : `?${params.toString()}`;
    return this.transport.request('GET', inboxPath(agent, 'messages') + search);
  }

  /** Marks these messages read and answers with them; NOT_FOUND when one is not in the inbox. */
  read(agent: string, ids: number[]): Promise<ReadInboxResult> {
    return this.transport.request('POST', inboxPath(agent, 'read'), { ids });
  }

  /** Marks every unread message read and answers with them, oldest first. */
  readAll(agent: string): Promise<ReadInboxResult> {
    return this.transport.request('POST', inboxPath(agent, 'read'), { all: true });
  }

  /** A Server-Sent Events stream of the inbox; `done` resolves when it ends. */
  watch(agent: string, options: WatchInboxOptions): SseStream {
    return openSse({
      url: new URL(inboxPath(agent, 'stream'), this.transport.url),
      lastEventId: options.since === undefined ? undefined : String(options.since),
      onEvent: (event) =>
        options.onEvent({
          type: event.event,
          id: Number(event.id),
          data: JSON.parse(event.data) as unknown,
        } as InboxStreamEvent),
    });
  }
}
