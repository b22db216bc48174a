import type { Db } from './db.js';

/**
 * The store's global revision: one counter that grows with every mutation, as etcd's does.
 * A lease records the revision that created it, which is its fencing token.
 */
export class Revision {
  private readonly bump: () => number;
  private readonly read: () => number;

  constructor(db: Db) {
    const bumpStatement = db.prepare(
      "UPDATE meta SET value = value + 1 WHERE key = 'revision' RETURNING value",
    );
    const readStatement = db.prepare("SELECT value FROM meta WHERE key = 'revision'");
    this.bump = () => (bumpStatement.get() as { value: number }).value;
    this.read = () => (readStatement.get() as { value: number }).value;
  }

  /** Call inside the mutation's transaction. */
  next(): number {
    return this.bump();
  }

  current(): number {
    return this.read();
  }
}
