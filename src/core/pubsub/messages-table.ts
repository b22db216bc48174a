import type { Db } from '../../store/index.js';

export interface Message {
  /** Global, only grows: across channels, pruning and restarts. */
  id: number;
  channel: string;
  at: number;
  sender: string | null;
  signal: string | null;
  /** Any JSON value: text or a structure. */
  data: unknown;
  /** The id of the message this one answers (a thread in `pd tube`), or null. */
  replyTo: number | null;
}

export interface ChannelRow {
  name: string;
  retained: number;
  lastId: number;
  /** How many messages retention has dropped so far, and the id of the newest of them. */
  pruned: number;
  prunedThrough: number;
}

interface MessageRow {
  id: number;
  channel: string;
  at: number;
  sender: string | null;
  signal: string | null;
  body: string;
  reply_to: number | null;
}

interface ChannelDbRow {
  name: string;
  retained: number;
  last_id: number;
  pruned: number;
  pruned_through: number;
}

const toMessage = (row: MessageRow): Message => ({
  id: row.id,
  channel: row.channel,
  at: row.at,
  sender: row.sender,
  signal: row.signal,
  data: JSON.parse(row.body) as unknown,
  replyTo: row.reply_to,
});

const toChannel = (row: ChannelDbRow): ChannelRow => ({
  name: row.name,
  retained: row.retained,
  lastId: row.last_id,
  pruned: row.pruned,
  prunedThrough: row.pruned_through,
});

/** The SQL of the pub/sub domain, prepared once. */
export function messagesTable(db: Db) {
  const insert = db.prepare(
    `INSERT INTO messages (channel, at, sender, signal, body, reply_to) VALUES (?, ?, ?, ?, ?, ?)
     RETURNING id`,
  );
  const bumpChannel = db.prepare(
    `INSERT INTO channels (name, retained, last_id) VALUES (?, 1, ?)
     ON CONFLICT (name) DO UPDATE SET retained = retained + 1, last_id = excluded.last_id
     RETURNING retained`,
  );
  // The newest id retention drops, counted from the oldest end (usually the oldest itself), so
  // pruning walks one index entry, not the whole retained window.
  const cutoff = db
    .prepare('SELECT id FROM messages WHERE channel = ? ORDER BY id ASC LIMIT 1 OFFSET ?')
    .pluck();
  const prune = db.prepare('DELETE FROM messages WHERE channel = ? AND id <= ?');
  const notePruned = db.prepare(
    `UPDATE channels SET retained = retained - ?, pruned = pruned + ?, pruned_through = ?
     WHERE name = ?`,
  );
  const channel = db.prepare('SELECT * FROM channels WHERE name = ?');
  const channels = db.prepare('SELECT * FROM channels ORDER BY name');
  const sinceIn = db.prepare(
    `SELECT * FROM messages WHERE channel IN (SELECT value FROM json_each(?)) AND id > ?
     ORDER BY id LIMIT ?`,
  );
  const sinceOne = db.prepare(
    'SELECT * FROM messages WHERE channel = ? AND id > ? ORDER BY id LIMIT ?',
  );
  const oldest = db.prepare('SELECT min(id) FROM messages WHERE channel = ?').pluck();
  const dropAll = db.prepare('DELETE FROM messages WHERE channel = ?');
  const noteCleared = db.prepare(
    `UPDATE channels SET retained = 0, pruned = pruned + ?, pruned_through = last_id
     WHERE name = ?`,
  );
  const lastId = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'messages'").pluck();

  return {
    /** Call inside a transaction; keeps at most `retention` messages of the channel. */
    insert(message: Omit<Message, 'id'>, retention: number): number {
      const body = JSON.stringify(message.data);
      const id = (
        insert.get(
          message.channel,
          message.at,
          message.sender,
          message.signal,
          body,
          message.replyTo,
        ) as {
          id: number;
        }
      ).id;
      const { retained } = bumpChannel.get(message.channel, id) as { retained: number };
      if (retained > retention) {
        const through = cutoff.get(message.channel, retained - retention - 1) as number;
        const dropped = prune.run(message.channel, through).changes;
        notePruned.run(dropped, dropped, through, message.channel);
      }
      return id;
    },
    channel: (name: string) => {
      const row = channel.get(name) as ChannelDbRow | undefined;
      return row ? toChannel(row) : undefined;
    },
    channels: () => (channels.all() as ChannelDbRow[]).map(toChannel),
    since(names: readonly string[], sinceId: number, limit: number): Message[] {
      if (names.length === 0) return [];
      const rows =
        names.length === 1
          ? sinceOne.all(names[0], sinceId, limit)
          : sinceIn.all(JSON.stringify(names), sinceId, limit);
      return (rows as MessageRow[]).map(toMessage);
    },
    /** Call inside a transaction; drops every retained message, counted as pruned for resets. */
    clear(name: string): number {
      const removed = dropAll.run(name).changes;
      if (removed > 0) noteCleared.run(removed, name);
      return removed;
    },
    oldestId: (name: string) => (oldest.get(name) as number | null) ?? null,
    /** The newest id ever given to a message (0 before the first). */
    lastId: () => (lastId.get() as number | undefined) ?? 0,
  };
}

export type MessagesTable = ReturnType<typeof messagesTable>;
