import type { Db, Revision } from '../../store/index.js';
import type { Clock } from '../clock.js';
import type { EventLog } from '../events/index.js';

export interface WebhooksDeps {
  db: Db;
  clock: Clock;
  revision: Revision;
  events: EventLog;
}

/** Signed, retried deliveries of activity events to registered http(s) URLs. */
export class Webhooks {
  constructor(readonly deps: WebhooksDeps) {}

  close(): void {}
}
