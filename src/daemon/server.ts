import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PdError } from '../api/errors.js';
import type { DaemonContext } from './context.js';
import { errorHandler, notFoundHandler } from './http-errors.js';
import { portRoutes } from './routes/ports.js';
import { systemRoutes } from './routes/system.js';
import { loopbackGuard } from './security.js';

export const MAX_BODY_BYTES = 1024 * 1024;

/** The HTTP application: security first, then the routes of each domain. */
export function createApp(ctx: DaemonContext): Hono {
  const app = new Hono();
  app.use(loopbackGuard());
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new PdError(
          'PAYLOAD_TOO_LARGE',
          `request body is larger than ${MAX_BODY_BYTES} bytes`,
          { limit: MAX_BODY_BYTES },
        );
      },
    }),
  );
  systemRoutes(app, ctx);
  portRoutes(app, ctx);
  app.notFound(notFoundHandler);
  app.onError(errorHandler(ctx.logger));
  return app;
}
