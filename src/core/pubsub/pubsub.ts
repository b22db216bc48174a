import type { Db } from '../../store/index.js';
import type { Clock } from '../clock.js';
import type { EventLog } from '../events/index.js';

export interface PubSubDeps {
  db: Db;
  clock: Clock;
  events: EventLog;
}

/** Channels with retained, replayable messages and live subscribers. */
export class PubSub {
  constructor(readonly deps: PubSubDeps) {}

  close(): void {}
}
