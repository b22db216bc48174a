import { Hono } from 'hono';
import type { DaemonContext } from './context.js';
import { errorHandler, notFoundHandler } from './http-errors.js';
import { agentRoutes } from './routes/agents.js';
import { briefingRoutes } from './routes/briefing.js';
import { channelRoutes } from './routes/channels.js';
import { fileRoutes } from './routes/files.js';
import { inboxRoutes } from './routes/inbox.js';
import { lockRoutes } from './routes/locks.js';
import { portRoutes } from './routes/ports.js';
import { pubsubRoutes } from './routes/pubsub.js';
import { serviceRoutes } from './routes/services.js';
import { sessionRoutes } from './routes/sessions.js';
import { snapshotRoutes } from './routes/snapshots.js';
import { webhookRoutes } from './routes/webhooks.js';
import { systemRoutes } from './routes/system.js';
import { loopbackGuard } from './security.js';

/** The HTTP application: security first, then the routes of each domain. */
export function createApp(ctx: DaemonContext): Hono {
  const app = new Hono();
  app.use(loopbackGuard());
  systemRoutes(app, ctx);
  portRoutes(app, ctx);
  lockRoutes(app, ctx);
  pubsubRoutes(app, ctx);
  channelRoutes(app, ctx);
  inboxRoutes(app, ctx);
  webhookRoutes(app, ctx);
  agentRoutes(app, ctx);
  sessionRoutes(app, ctx);
  fileRoutes(app, ctx);
  snapshotRoutes(app, ctx);
  briefingRoutes(app, ctx);
  serviceRoutes(app, ctx);
  app.notFound(notFoundHandler);
  app.onError(errorHandler(ctx.logger));
  return app;
}
