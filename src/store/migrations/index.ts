import { initialMigration } from './001-initial.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Numbered, append-only. The schema version is SQLite's user_version. */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initialMigration },
];
