import type { Db } from '../../store/index.js';
import type { Clock } from '../clock.js';
import type { EventLog } from '../events/index.js';

export interface SnapshotsDeps {
  db: Db;
  clock: Clock;
  events: EventLog;
}

/** Copies of claimed files, kept when their bytes change (to be written). */
export class Snapshots {
  constructor(protected readonly deps: SnapshotsDeps) {}

  /** Stops watching files. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
