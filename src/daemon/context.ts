import type { Config } from '../config/index.js';
import type { Clock } from '../core/clock.js';
import type { Db } from '../store/index.js';
import type { Logger } from './logger.js';
import type { Services } from './services.js';

/** What the routes need, built once by the lifecycle and passed down. */
export interface DaemonContext extends Omit<Services, 'reap' | 'close'> {
  config: Config;
  version: string;
  startedAt: number;
  clock: Clock;
  db: Db;
  logger: Logger;
  requestShutdown(): void;
}
