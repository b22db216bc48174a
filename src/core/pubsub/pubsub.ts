import { PdError } from '../../api/errors.js';
import { isSignal, SIGNAL_NAMES } from '../../api/pubsub-signals.js';
import type { Db } from '../../store/index.js';
import type { Clock } from '../clock.js';
import type { ActivityEvent, EventLog } from '../events/index.js';
import {
  checkChannelName,
  compilePatterns,
  isPattern,
  isSystemChannel,
  type ChannelMatcher,
} from './channel-pattern.js';
import { messagesTable, type Message } from './messages-table.js';
import { Subscriber, type SubscriberSink } from './subscriber.js';

export interface PubSubDeps {
  db: Db;
  clock: Clock;
  events: EventLog;
  /** Messages kept per channel. */
  retention?: number;
  /** Bytes a subscriber may leave unread before it is cut off. */
  maxPendingBytes?: number;
}

export interface PublishInput {
  channel: string;
  data: unknown;
  signal?: string | undefined;
  sender?: string | undefined;
  /** The id of the message this one answers; it must have been published already. */
  replyTo?: number | undefined;
}

/** Messages of a channel that retention dropped after the reader's id: sent before the rest. */
export interface Reset {
  channel: string;
  since: number;
  /** How many were dropped; an upper bound when other channels published in between. */
  missed: number;
  /** The newest id retention dropped from the channel. */
  droppedThrough: number;
  /** The oldest message the channel still holds, or null when it holds none. */
  oldestId: number | null;
}

export interface ReadResult {
  resets: Reset[];
  messages: Message[];
  /** The newest message id of the whole bus: `since` for a reader that wants only new ones. */
  lastId: number;
}

export interface LiveListener {
  message(message: Message): void;
  close(reason: string): void;
}

/** The channel every activity event is published on. */
export const SYSTEM_EVENTS_CHANNEL = 'pd:events';

export const DEFAULT_RETENTION = 1000;
export const DEFAULT_MAX_PENDING_BYTES = 1024 * 1024;

/** Channels with retained, replayable messages and live subscribers. */
export class PubSub {
  private readonly table;
  private readonly listeners = new Map<LiveListener, ChannelMatcher>();
  private readonly inTransaction: (input: Omit<Message, 'id'>) => number;
  private readonly retention: number;
  private readonly stopEvents: () => void;
  private closed = false;

  constructor(readonly deps: PubSubDeps) {
    this.table = messagesTable(deps.db);
    this.retention = deps.retention ?? DEFAULT_RETENTION;
    this.inTransaction = deps.db.transaction((input: Omit<Message, 'id'>) =>
      this.table.insert(input, this.retention),
    );
    this.stopEvents = deps.events.onAppend((event) => this.publishEvent(event));
  }

  /** One transaction; live subscribers hear the message once it has committed. */
  publish(input: PublishInput): Message {
    checkChannelName(input.channel);
    if (isSystemChannel(input.channel)) {
      throw new PdError(
        'INVALID_INPUT',
        `channel "${input.channel}" is reserved: channels under pd: carry the daemon's own events`,
        { issues: [{ path: 'channel', message: 'reserved for system events' }] },
      );
    }
    if (input.signal !== undefined && !isSignal(input.signal)) {
      throw new PdError(
        'INVALID_INPUT',
        `unknown signal "${input.signal}": use one of ${SIGNAL_NAMES.join(', ')}`,
        { issues: [{ path: 'signal', message: 'unknown signal' }] },
      );
    }
    if (input.replyTo !== undefined && !(input.replyTo >= 1 && input.replyTo <= this.lastId())) {
      throw new PdError(
        'INVALID_INPUT',
        `invalid replyTo ${input.replyTo}: no message has that id yet`,
        { issues: [{ path: 'replyTo', message: 'not a published message id' }] },
      );
    }
    return this.commit({
      channel: input.channel,
      at: this.deps.clock.now(),
      sender: input.sender ?? null,
      signal: input.signal ?? null,
      data: input.data,
      replyTo: input.replyTo ?? null,
    });
  }

  /** Retained messages after `since` on the channels and patterns given, oldest first. */
  read(patterns: readonly string[], since: number, limit: number): ReadResult {
    const matches = this.matcher(patterns);
    const channels = this.channelsMatching(patterns, matches);
    return {
      resets: this.resets(channels, since),
      messages: this.table.since(channels, since, limit),
      lastId: this.table.lastId(),
    };
  }

  /**
   * Starts a live subscription: retained messages after `since` first, then new ones. The sink
   * opens only once the input is known to be good, so errors can still be plain answers.
   */
  subscribe(
    patterns: readonly string[],
    since: number | undefined,
    openSink: () => SubscriberSink,
  ): Subscriber {
    if (this.closed)
      throw new PdError('SHUTTING_DOWN', 'the daemon is stopping; try again once it is back', {});
    const matches = this.matcher(patterns);
    const sink = openSink();
    const subscriber = new Subscriber(
      {
        patterns,
        matches,
        since: since ?? this.table.lastId(),
        maxPendingBytes: this.deps.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES,
      },
      sink,
      this,
    );
    subscriber.start();
    return subscriber;
  }

  /** Hears every message committed on a matching channel, until the returned function runs. */
  listen(matches: ChannelMatcher, listener: LiveListener): () => void {
    this.listeners.set(listener, matches);
    return () => this.listeners.delete(listener);
  }

  /** Concrete channel names: the exact ones given, and the known channels each pattern matches. */
  channelsMatching(patterns: readonly string[], matches: ChannelMatcher): string[] {
    const names = new Set(patterns.filter((pattern) => !isPattern(pattern)));
    if (names.size < patterns.length)
      for (const channel of this.table.channels())
        if (matches(channel.name)) names.add(channel.name);
    return [...names];
  }

  /** A reset for each channel whose retention dropped messages after `since`. */
  resets(channels: readonly string[], since: number): Reset[] {
    return channels.flatMap((name) => this.resetFor(name, since) ?? []);
  }

  resetFor(name: string, since: number): Reset | undefined {
    const channel = this.table.channel(name);
    if (!channel || channel.prunedThrough <= since) return undefined;
    // Ids are shared by every channel: without the dropped ids, the span is an upper bound.
    const missed =
      since === 0 ? channel.pruned : Math.min(channel.pruned, channel.prunedThrough - since);
    return {
      channel: name,
      since,
      missed,
      droppedThrough: channel.prunedThrough,
      oldestId: this.table.oldestId(name),
    };
  }

  messagesSince(channels: readonly string[], since: number, limit: number): Message[] {
    return this.table.since(channels, since, limit);
  }

  lastId(): number {
    return this.table.lastId();
  }

  /**
   * Drops every retained message of a channel; call inside a transaction. Ids keep growing, and a
   * reader resuming from before the clear gets a `reset` saying how many it missed.
   */
  clearRetained(channel: string): number {
    checkChannelName(channel);
    return this.table.clear(channel);
  }

  /** The channels the bus knows (any that ever had a message), by name. */
  knownChannels() {
    return this.table.channels();
  }

  subscriberCount(): number {
    return this.listeners.size;
  }

  /** Ends every live subscription with a final event: the daemon is stopping. */
  close(): void {
    this.closed = true;
    this.stopEvents();
    for (const listener of [...this.listeners.keys()]) listener.close('shutdown');
    this.listeners.clear();
  }

  private matcher(patterns: readonly string[]): ChannelMatcher {
    if (patterns.length === 0) {
      throw new PdError('INVALID_INPUT', 'name at least one channel or pattern', {
        issues: [{ path: 'channel', message: 'required' }],
      });
    }
    return compilePatterns(patterns);
  }

  private commit(input: Omit<Message, 'id'>): Message {
    const message: Message = { id: this.inTransaction(input), ...input };
    this.fanOut(message);
    return message;
  }

  private fanOut(message: Message): void {
    for (const [listener, matches] of this.listeners)
      if (matches(message.channel)) listener.message(message);
  }

  /**
   * Every activity event also goes out on pd:events, so `pd sub 'pd:>'` shows the machine live.
   * Runs inside the event's own transaction; subscribers hear it once that commits.
   */
  private publishEvent(event: ActivityEvent): void {
    if (this.closed) return;
    const input: Omit<Message, 'id'> = {
      channel: SYSTEM_EVENTS_CHANNEL,
      at: event.at,
      sender: 'port-daddy',
      signal: null,
      replyTo: null,
      data: {
        eventId: event.id,
        revision: event.revision,
        type: event.type,
        subject: event.subject,
        data: event.data,
      },
    };
    const message: Message = { id: this.table.insert(input, this.retention), ...input };
    this.deps.events.afterCommit(() => this.fanOut(message));
  }
}
