import type { Config } from '../config/index.js';
import type { Clock } from '../core/clock.js';
import { EventLog } from '../core/events/index.js';
import { LockManager } from '../core/locks/index.js';
import { isPortFreeOnHost, PortRegistry } from '../core/ports/index.js';
import { Inboxes } from '../core/inbox/index.js';
import { DeclaredChannels, PubSub } from '../core/pubsub/index.js';
import { Webhooks } from '../core/webhooks/index.js';
import { isPidAlive } from '../shared/pid-alive.js';
import { Revision, type Db } from '../store/index.js';
import type { Logger } from './logger.js';

/** Every domain of the daemon, built once over one database and one clock. */
export interface Services {
  revision: Revision;
  events: EventLog;
  ports: PortRegistry;
  locks: LockManager;
  pubsub: PubSub;
  declaredChannels: DeclaredChannels;
  inboxes: Inboxes;
  webhooks: Webhooks;
  /** Frees what expired or whose process died, in every domain; runs every 500 ms. */
  reap(): void;
  /** Ends live streams and waiters before the server closes. */
  close(): void;
}

export function createServices(db: Db, clock: Clock, config: Config, logger: Logger): Services {
  const revision = new Revision(db);
  const events = new EventLog(db, clock);
  const common = { db, clock, revision, events, isPidAlive };
  const ports = new PortRegistry({ ...common, range: config.range, probe: isPortFreeOnHost });
  const locks = new LockManager(common);
  const pubsub = new PubSub({ db, clock, events, retention: config.channelRetention });
  const declaredChannels = new DeclaredChannels({ db, clock, revision, events, pubsub });
  const inboxes = new Inboxes({ db, clock, revision, events });
  const webhooks = new Webhooks({
    db,
    clock,
    revision,
    events,
    backoffMs: config.webhookBackoffMs,
  });
  events.subscribe((event) => logger.info(event.type, { subject: event.subject, ...event.data }));
  return {
    revision,
    events,
    ports,
    locks,
    pubsub,
    declaredChannels,
    inboxes,
    webhooks,
    reap() {
      ports.reapExpired();
      locks.reapExpired();
    },
    close() {
      locks.close();
      pubsub.close();
      inboxes.close();
      webhooks.close();
    },
  };
}
