import type { Db, Revision } from '../../store/index.js';
import type { Clock } from '../clock.js';
import type { EventLog } from '../events/index.js';

export interface InboxesDeps {
  db: Db;
  clock: Clock;
  revision: Revision;
  events: EventLog;
}

/** Per-agent inboxes: listing never marks read; only an explicit read does. */
export class Inboxes {
  constructor(readonly deps: InboxesDeps) {}

  close(): void {}
}
