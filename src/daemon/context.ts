import type { Config } from '../config/index.js';
import type { Clock } from '../core/clock.js';
import type { EventLog } from '../core/events/index.js';
import type { PortRegistry } from '../core/ports/index.js';
import type { Db, Revision } from '../store/index.js';
import type { Logger } from './logger.js';

/** What the routes need, built once by the lifecycle and passed down. */
export interface DaemonContext {
  config: Config;
  version: string;
  startedAt: number;
  clock: Clock;
  db: Db;
  revision: Revision;
  events: EventLog;
  ports: PortRegistry;
  logger: Logger;
  requestShutdown(): void;
}
