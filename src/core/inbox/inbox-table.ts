import type { Db } from '../../store/index.js';

export interface InboxMessage {
  /** Global, only grows: across agents, pruning and restarts. */
  id: number;
  agent: string;
  at: number;
  sender: string | null;
  text: string;
  /** When an explicit read marked it; null while unread. */
  readAt: number | null;
}

export interface InboxCounts {
  total: number;
  unread: number;
  /** How many messages retention has dropped from this inbox so far. */
  dropped: number;
}

interface MessageRow {
  id: number;
  agent: string;
  at: number;
  sender: string | null;
  body: string;
  read_at: number | null;
}

const toMessage = (row: MessageRow): InboxMessage => ({
  id: row.id,
  agent: row.agent,
  at: row.at,
  sender: row.sender,
  text: row.body,
  readAt: row.read_at,
});

const byId = (a: InboxMessage, b: InboxMessage) => a.id - b.id;

/** The SQL of the inbox domain, prepared once. */
export function inboxTable(db: Db) {
  const insert = db.prepare(
    'INSERT INTO inbox_messages (agent, at, sender, body) VALUES (?, ?, ?, ?) RETURNING id',
  );
  const bumpInbox = db.prepare(
    `INSERT INTO inboxes (agent, retained) VALUES (?, 1)
     ON CONFLICT (agent) DO UPDATE SET retained = retained + 1 RETURNING retained`,
  );
  // The newest id retention drops: everything of the inbox at or below it goes.
  const cutoff = db
    .prepare('SELECT id FROM inbox_messages WHERE agent = ? ORDER BY id DESC LIMIT 1 OFFSET ?')
    .pluck();
  const prune = db.prepare('DELETE FROM inbox_messages WHERE agent = ? AND id <= ?');
  const notePruned = db.prepare(
    'UPDATE inboxes SET retained = retained - ?, dropped = dropped + ? WHERE agent = ?',
  );
  const inbox = db.prepare('SELECT retained, dropped FROM inboxes WHERE agent = ?');
  const unreadCount = db
    .prepare('SELECT COUNT(*) FROM inbox_messages WHERE agent = ? AND read_at IS NULL')
    .pluck();
  const since = db.prepare(
    'SELECT * FROM inbox_messages WHERE agent = ? AND id > ? ORDER BY id LIMIT ?',
  );
  const unreadSince = db.prepare(
    `SELECT * FROM inbox_messages WHERE agent = ? AND id > ? AND read_at IS NULL
     ORDER BY id LIMIT ?`,
  );
  const byIds = db.prepare(
    `SELECT * FROM inbox_messages
     WHERE agent = ? AND id IN (SELECT value FROM json_each(?)) ORDER BY id`,
  );
  const markIds = db.prepare(
    `UPDATE inbox_messages SET read_at = ?
     WHERE agent = ? AND read_at IS NULL AND id IN (SELECT value FROM json_each(?))
     RETURNING id`,
  );
  const markAll = db.prepare(
    'UPDATE inbox_messages SET read_at = ? WHERE agent = ? AND read_at IS NULL RETURNING *',
  );
  const lastId = db
    .prepare("SELECT seq FROM sqlite_sequence WHERE name = 'inbox_messages'")
    .pluck();

  return {
    /** Call inside a transaction; keeps at most `retention` messages of the inbox. */
    insert(message: Omit<InboxMessage, 'id' | 'readAt'>, retention: number) {
      const { id } = insert.get(message.agent, message.at, message.sender, message.text) as {
        id: number;
      };
      const { retained } = bumpInbox.get(message.agent) as { retained: number };
      let dropped = 0;
      if (retained > retention) {
        const through = cutoff.get(message.agent, retention) as number;
        dropped = prune.run(message.agent, through).changes;
        notePruned.run(dropped, dropped, message.agent);
      }
      return { id, dropped };
    },
    counts(agent: string): InboxCounts {
      const row = inbox.get(agent) as { retained: number; dropped: number } | undefined;
      return {
        total: row?.retained ?? 0,
        unread: row ? (unreadCount.get(agent) as number) : 0,
        dropped: row?.dropped ?? 0,
      };
    },
    since(agent: string, sinceId: number, limit: number, unreadOnly = false): InboxMessage[] {
      const statement = unreadOnly ? unreadSince : since;
      return (statement.all(agent, sinceId, limit) as MessageRow[]).map(toMessage);
    },
    byIds: (agent: string, ids: readonly number[]) =>
      (byIds.all(agent, JSON.stringify(ids)) as MessageRow[]).map(toMessage),
    /** Call inside a transaction; the ids it marked (those that were unread). */
    markIds: (agent: string, ids: readonly number[], at: number) =>
      (markIds.all(at, agent, JSON.stringify(ids)) as { id: number }[]).map((row) => row.id),
    /** Call inside a transaction; the messages it marked, oldest first. */
    markAll: (agent: string, at: number) =>
      (markAll.all(at, agent) as MessageRow[]).map(toMessage).sort(byId),
    /** The newest id ever given to an inbox message (0 before the first). */
    lastId: () => (lastId.get() as number | undefined) ?? 0,
  };
}

export type InboxTable = ReturnType<typeof inboxTable>;
