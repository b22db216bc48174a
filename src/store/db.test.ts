import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { integrityCheck, migrate, openDatabase, schemaVersion } from './db.js';
import { migrations } from './migrations/index.js';
import { Revision } from './revision.js';

const LATEST = migrations.at(-1)!.version;

describe('store', () => {
  it('applies migrations once and records the schema version', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-store-'));
    const file = path.join(dir, 'test.db');
    const db = openDatabase({ path: file });
    expect(schemaVersion(db)).toBe(LATEST);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    new Revision(db).next();
    db.close();
    const reopened = openDatabase({ path: file });
    expect(schemaVersion(reopened)).toBe(LATEST);
    expect(new Revision(reopened).current()).toBe(1);
    expect(integrityCheck(reopened)).toEqual(['ok']);
    reopened.close();
    fs.rmSync(dir, { recursive: true });
  });

  it('runs a later migration and rolls a failing one back whole', () => {
    const db = openDatabase({ path: ':memory:' });
    const later = [
      {
        version: LATEST + 1,
        name: 'bad',
        sql: 'CREATE TABLE t (x INTEGER); INSERT INTO nope VALUES (1);',
      },
    ];
    expect(() => migrate(db, later)).toThrow(/no such table: nope/);
    expect(schemaVersion(db)).toBe(LATEST);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 't'").get()).toBeUndefined();
  });

  it('grows the revision by one per mutation', () => {
    const db = openDatabase({ path: ':memory:' });
    const revision = new Revision(db);
    expect([revision.next(), revision.next(), revision.next()]).toEqual([1, 2, 3]);
    expect(revision.current()).toBe(3);
  });
});
