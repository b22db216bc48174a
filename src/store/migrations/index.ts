import { initialMigration } from './001-initial.js';
import { locksMigration } from './002-locks.js';
import { pubsubMigration } from './003-pubsub.js';
import { inboxMigration } from './004-inbox.js';
import { webhooksMigration } from './005-webhooks.js';
import { channelsMigration } from './006-channels.js';
import { agentsMigration } from './007-agents.js';
import { sessionsMigration } from './008-sessions.js';
import { fileClaimsMigration } from './009-file-claims.js';
import { snapshotsMigration } from './010-snapshots.js';
import { eventsAtMigration } from './011-events-at.js';
import { servicesMigration } from './012-services.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Numbered, append-only. The schema version is SQLite's user_version. */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initialMigration },
  { version: 2, name: 'locks', sql: locksMigration },
  { version: 3, name: 'pubsub', sql: pubsubMigration },
  { version: 4, name: 'inbox', sql: inboxMigration },
  { version: 5, name: 'webhooks', sql: webhooksMigration },
  { version: 6, name: 'channels', sql: channelsMigration },
  { version: 7, name: 'agents', sql: agentsMigration },
  { version: 8, name: 'sessions', sql: sessionsMigration },
  { version: 9, name: 'file-claims', sql: fileClaimsMigration },
  { version: 10, name: 'snapshots', sql: snapshotsMigration },
  { version: 11, name: 'events-at', sql: eventsAtMigration },
  { version: 12, name: 'services', sql: servicesMigration },
];
