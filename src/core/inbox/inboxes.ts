import { PdError } from '../../api/errors.js';
import { AGENT_ID, AGENT_ID_RULE } from '../../api/fields.js';
import { DEFAULT_INBOX_RETENTION } from '../../api/inbox.js';
import type { Db, Revision } from '../../store/index.js';
import type { Clock } from '../clock.js';
import type { EventLog } from '../events/index.js';
import { inboxTable, type InboxCounts, type InboxMessage } from './inbox-table.js';
import {
  InboxWatcher,
  type InboxListener,
  type InboxSink,
  type InboxSource,
} from './inbox-watcher.js';

export interface InboxesDeps {
  db: Db;
  clock: Clock;
  revision: Revision;
  events: EventLog;
  /** Messages kept per agent (default 1000): the oldest go first, read or not. */
  retention?: number;
  /** Bytes a watcher may leave unread before it is cut off. */
  maxPendingBytes?: number;
}

export interface SendInput {
  agent: string;
  text: string;
  sender?: string | undefined;
}

export interface ListOptions {
  since?: number | undefined;
  limit?: number | undefined;
  unread?: boolean | undefined;
}

export interface InboxListing extends InboxCounts {
  agent: string;
  messages: InboxMessage[];
  lastId: number;
}

export const DEFAULT_WATCH_PENDING_BYTES = 1024 * 1024;

export function checkAgentId(agent: string): void {
  if (!AGENT_ID.test(agent)) {
    throw new PdError('INVALID_INPUT', `invalid agent id "${agent}": ${AGENT_ID_RULE}`, {
      issues: [{ path: 'agent', message: 'invalid agent id' }],
    });
  }
}

/** Per-agent inboxes: listing never marks read; only an explicit read does. */
export class Inboxes implements InboxSource {
  private readonly table;
  private readonly retention: number;
  private readonly listeners = new Map<string, Set<InboxListener>>();
  private closed = false;

  constructor(readonly deps: InboxesDeps) {
    this.table = inboxTable(deps.db);
    this.retention = deps.retention ?? DEFAULT_INBOX_RETENTION;
  }

  /** One transaction with its activity event; live watchers hear the message once committed. */
  send(input: SendInput): InboxMessage {
    checkAgentId(input.agent);
    const at = this.deps.clock.now();
    const message = this.deps.events.transact(() => {
      const revision = this.deps.revision.next();
      const fields = { agent: input.agent, at, sender: input.sender ?? null, text: input.text };
      const { id, dropped } = this.table.insert(fields, this.retention);
      // The text stays out of the activity log: pd:events is readable by every local process.
      this.deps.events.append(revision, 'inbox.sent', input.agent, {
        id,
        sender: fields.sender,
        ...(dropped > 0 ? { dropped } : {}),
      });
      return { id, ...fields, readAt: null };
    });
    for (const listener of this.listeners.get(message.agent) ?? []) listener.message(message);
    return message;
  }

  /** Never marks anything read, so a reader that crashes after listing loses nothing. */
  list(agent: string, options: ListOptions = {}): InboxListing {
    checkAgentId(agent);
    return {
      agent,
      messages: this.table.since(agent, options.since ?? 0, options.limit ?? 100, options.unread),
      ...this.table.counts(agent),
      lastId: this.table.lastId(),
    };
  }

  /** Marks these messages read; all must be in the agent's inbox, or nothing is marked. */
  read(agent: string, ids: readonly number[]): { messages: InboxMessage[]; marked: number } {
    checkAgentId(agent);
    const unique = [...new Set(ids)];
    return this.deps.events.transact(() => {
      const found = this.table.byIds(agent, unique);
      if (found.length < unique.length) {
        const present = new Set(found.map((message) => message.id));
        const missing = unique.filter((id) => !present.has(id));
        throw new PdError(
          'NOT_FOUND',
          `no message ${missing.map((id) => `#${id}`).join(', ')} in the inbox of ${agent}`,
          { agent, missing },
        );
      }
      const at = this.deps.clock.now();
      const marked = new Set(this.table.markIds(agent, unique, at));
      if (marked.size > 0) this.appendRead(agent, [...marked]);
      const messages = found.map((message) =>
        marked.has(message.id) ? { ...message, readAt: at } : message,
      );
      return { messages, marked: marked.size };
    });
  }

  /** Marks every unread message read and answers with them, oldest first. */
  readAll(agent: string): { messages: InboxMessage[]; marked: number } {
    checkAgentId(agent);
    return this.deps.events.transact(() => {
      const messages = this.table.markAll(agent, this.deps.clock.now());
      if (messages.length > 0)
        this.appendRead(
          agent,
          messages.map((message) => message.id),
        );
      return { messages, marked: messages.length };
    });
  }

  /**
   * Starts a live watch: retained messages after `since` first (default: none), then new ones.
   * The sink opens only once the input is known to be good, so errors can still be plain answers.
   */
  watch(agent: string, since: number | undefined, openSink: () => InboxSink): InboxWatcher {
    if (this.closed)
      throw new PdError('SHUTTING_DOWN', 'the daemon is stopping; try again once it is back', {});
    checkAgentId(agent);
    const watcher = new InboxWatcher(
      {
        agent,
        since: since ?? this.table.lastId(),
        maxPendingBytes: this.deps.maxPendingBytes ?? DEFAULT_WATCH_PENDING_BYTES,
      },
      openSink(),
      this,
    );
    watcher.start();
    return watcher;
  }

  listen(agent: string, listener: InboxListener): () => void {
    const set = this.listeners.get(agent) ?? new Set();
    this.listeners.set(agent, set);
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(agent) === set) this.listeners.delete(agent);
    };
  }

  messagesSince(agent: string, since: number, limit: number): InboxMessage[] {
    return this.table.since(agent, since, limit);
  }

  lastId(): number {
    return this.table.lastId();
  }

  watcherCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  /** Ends every live watch with a final event: the daemon is stopping. */
  close(): void {
    this.closed = true;
    for (const set of [...this.listeners.values()])
      for (const listener of [...set]) listener.close('shutdown');
    this.listeners.clear();
  }

  private appendRead(agent: string, ids: number[]): void {
    const revision = this.deps.revision.next();
    this.deps.events.append(revision, 'inbox.read', agent, { count: ids.length, ids });
  }
}
