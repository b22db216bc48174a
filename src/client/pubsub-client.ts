import type { MessageList, MessageView, PublishRequest, ResetView } from '../api/pubsub.js';
import type { HttpTransport } from './http-transport.js';
import { openSse, type SseStream } from './sse-reader.js';

export interface PublishOptions {
  signal?: PublishRequest['signal'];
  sender?: string | undefined;
  /** The id of the message this one answers. */
  replyTo?: number | undefined;
}

/** What a subscription hears; `id` is the cursor to resume from. */
export type StreamEvent =
  | { type: 'ready'; id: number; data: { channels: string[]; since: number; lastId: number } }
  | { type: 'message'; id: number; data: MessageView }
  | { type: 'reset'; id: number; data: ResetView }
  | { type: 'overflow' | 'shutdown'; id: number; data: { reason: string; lastId: number } };

export interface SubscribeOptions {
  /** Replay retained messages after this id; default: only new ones. */
  since?: number | undefined;
  onEvent(event: StreamEvent): void;
}

const channelPath = (channel: string) => `/channels/${encodeURIComponent(channel)}/messages`;

/** Publish, poll and subscribe (SSE) to channels. */
export class PubSubClient {
  constructor(readonly transport: HttpTransport) {}

  private get baseUrl(): string {
    return this.transport.url;
  }

  /** Resolves once the message is stored, with its id. */
  publish(channel: string, message: unknown, options: PublishOptions = {}): Promise<MessageView> {
    return this.transport.request('POST', channelPath(channel), { message, ...options });
  }

  /** Retained messages after `since` on a channel or pattern, oldest first. */
  messages(
    channel: string,
    options: { since?: number | undefined; limit?: number | undefined } = {},
  ): Promise<MessageList> {
    const params = new URLSearchParams();
    if (options.since !== undefined) params.set('since', String(options.since));
    if (options.limit !== undefined) params.set('limit', String(options.limit));
    const search = params.size === 0 ? '' : `?${params.toString()}`;
    return this.transport.request('GET', channelPath(channel) + search);
  }

  /** A Server-Sent Events stream on channels or patterns; `done` resolves when it ends. */
  subscribe(channels: readonly string[], options: SubscribeOptions): SseStream {
    const url = new URL('/subscribe', this.baseUrl);
    for (const channel of channels) url.searchParams.append('channel', channel);
    if (options.since !== undefined) url.searchParams.set('since', String(options.since));
    return openSse({
      url,
      onEvent: (event) =>
        options.onEvent({
          type: event.event,
          id: Number(event.id),
          data: JSON.parse(event.data) as unknown,
        } as StreamEvent),
    });
  }
}
