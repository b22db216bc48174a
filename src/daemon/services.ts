import type { Config } from '../config/index.js';
import type { Clock } from '../core/clock.js';
import { AgentRegistry } from '../core/agents/index.js';
import { EventLog } from '../core/events/index.js';
import { FileClaims } from '../core/file-claims/index.js';
import { LockManager } from '../core/locks/index.js';
import { isPortFreeOnHost, PortRegistry } from '../core/ports/index.js';
import { Inboxes } from '../core/inbox/index.js';
import { DeclaredChannels, PubSub } from '../core/pubsub/index.js';
import { Recovery } from '../core/recovery/index.js';
import { ServiceRegistry } from '../core/service-registry/index.js';
import { Sessions } from '../core/sessions/index.js';
import { Snapshots } from '../core/snapshots/index.js';
import { Webhooks } from '../core/webhooks/index.js';
import { dataPaths } from '../config/index.js';
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
  agents: AgentRegistry;
  sessions: Sessions;
  files: FileClaims;
  snapshots: Snapshots;
  /** Releases what an ended agent held and keeps its work for salvage. */
  recovery: Recovery;
  /** Services run by pd up (foreground ones report here; pd up -d runs them in the daemon). */
  serviceRegistry: ServiceRegistry;
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
  const agents = new AgentRegistry({ ...common, timeoutMs: config.agentTimeoutMs });
  const sessions = new Sessions({
    db,
    clock,
    revision,
    events,
    masterKeyPath: dataPaths(config.home).masterKey,
  });
  const files = new FileClaims({
    db,
    clock,
    revision,
    events,
    sessionInfo: (id) => sessions.summary(id),
  });
  const snapshots = new Snapshots({
    ...common,
    activeClaims: () => files.list(),
    warn: (message, fields) => logger.warn(message, fields),
  });
  const serviceRegistry = new ServiceRegistry(common);
  const recovery = new Recovery({ events, agents, ports, locks, files, sessions });
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
    agents,
    sessions,
    files,
    snapshots,
    recovery,
    serviceRegistry,
    reap() {
      ports.reapExpired();
      locks.reapExpired();
      files.reapExpired();
      recovery.reapDeadAgents();
      serviceRegistry.reapDeadHosts();
    },
    close() {
      agents.flushHeartbeats();
      void snapshots.close();
      void serviceRegistry.close();
      locks.close();
      pubsub.close();
      inboxes.close();
      webhooks.close();
    },
  };
}
