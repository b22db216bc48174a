import type { Db, Revision } from '../../store/index.js';
import type { Clock } from '../clock.js';
import type { EventLog } from '../events/index.js';

export interface ServiceRegistryDeps {
  db: Db;
  clock: Clock;
  revision: Revision;
  events: EventLog;
}

/** The services `pd up` runs, as their supervisors report them (to be written). */
export class ServiceRegistry {
  constructor(protected readonly deps: ServiceRegistryDeps) {}

  /** Stops what the daemon supervises (pd up -d) before it exits. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
