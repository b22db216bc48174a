import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { dataPaths, packageVersion, type Config } from '../config/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import { checkpoint, openDatabase } from '../store/index.js';
import type { DaemonContext } from './context.js';
import { acquireInstanceLock } from './instance-lock.js';
import { createFileLogger } from './logger.js';
import { isLoopbackHostname } from './security.js';
import { createApp } from './server.js';
import { createDaemonServer } from './daemon-server.js';
import { createProxy, type DaemonProxy } from './proxy.js';
import { createServices } from './services.js';
import { startCheckpoints } from './checkpoints.js';

export interface DaemonHandle {
  url: string;
  pid: number;
  /** Resolves once the daemon has stopped, however it was asked to. */
  stopped: Promise<void>;
  stop(reason: string): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  echoLog?: NodeJS.WritableStream;
}

const REAP_INTERVAL_MS = 500;
const DRAIN_TIMEOUT_MS = 5000;

export class DaemonStartError extends Error {
  override name = 'DaemonStartError';
}

function listen(
  ctxApp: ReturnType<typeof createApp>,
  proxy: DaemonProxy,
  config: Config,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createDaemonServer(ctxApp, proxy, config.host);
    server.listen(config.port, config.host);
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new DaemonStartError(
            `${config.host}:${config.port} is already in use by another process; pick another with "pd start --port N" or PORT_DADDY_URL`,
          ),
        );
      } else reject(error);
    });
    server.once('listening', () => resolve(server));
  });
}

/** Opens the data dir (one daemon per dir), the database, and serves HTTP until stopped. */
export async function startDaemon(
  config: Config,
  options: StartOptions = {},
): Promise<DaemonHandle> {
  if (!isLoopbackHostname(config.host)) {
    throw new DaemonStartError(
      `refusing to listen on ${config.host}: port-daddy binds loopback only (use 127.0.0.1)`,
    );
  }
  // Everything the daemon writes (database, WAL, logs, daemon.json) is readable by this user only.
  process.umask(0o077);
  fs.mkdirSync(config.home, { recursive: true, mode: 0o700 });
  const paths = dataPaths(config.home);
  const lock = acquireInstanceLock(paths.lock, paths.daemonInfo, config.home);
  const logger = createFileLogger({
    path: paths.log,
    echo: options.echoLog,
    debug: process.env.PORT_DADDY_DEBUG === '1',
  });
  const clock = options.clock ?? systemClock;
  const db = openDatabase({ path: paths.database });
  fs.chmodSync(paths.database, 0o600);
  const services = createServices(db, clock, config, logger);
  const { revision } = services;

  let stopPromise: Promise<void> | undefined;
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  const ctx: DaemonContext = {
    config,
    version: packageVersion(),
    startedAt: clock.now(),
    clock,
    db,
    ...services,
    logger,
    requestShutdown: () => void handle.stop('requested'),
  };

  let server: Server;
  const proxy = createProxy(ctx);
  try {
    server = await listen(createApp(ctx), proxy, config);
  } catch (error) {
    db.close();
    lock.release();
    logger.close();
    throw error;
  }
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  ctx.config = { ...config, port, url };

  const reaper = setInterval(() => {
    try {
      services.reap();
    } catch (error) {
      logger.error('reaper failed', { error: String(error) });
    }
  }, REAP_INTERVAL_MS);

  const checkpointer = startCheckpoints(revision, () => checkpoint(db), logger);

  const handle: DaemonHandle = {
    url,
    pid: process.pid,
    stopped,
    stop(reason) {
      stopPromise ??= (async () => {
        logger.info('stopping', { reason });
        clearInterval(reaper);
        clearInterval(checkpointer);
        await services.serviceRegistry.close();
        services.close();
        proxy.close();
        const force = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS);
        await new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        clearTimeout(force);
        db.close();
        lock.release();
        logger.info('stopped');
        logger.close();
        resolveStopped();
      })();
      return stopPromise;
    },
  };
  lock.writeInfo({
    pid: process.pid,
    url,
    startedAt: new Date(ctx.startedAt).toISOString(),
    version: ctx.version,
  });
  logger.info('started', { url, pid: process.pid, home: config.home, version: ctx.version });
  return handle;
}
