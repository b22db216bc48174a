import type { Hono } from 'hono';
import type { EventList, Health, Integrity, Status } from '../../api/system.js';
import { eventsQuerySchema } from '../../api/system.js';
import { buildOpenApi } from '../../api/openapi.js';
import { integrityCheck, schemaVersion } from '../../store/index.js';
import type { DaemonContext } from '../context.js';
import { validate } from '../http-errors.js';
import { isoTime } from '../iso-time.js';

export function systemRoutes(app: Hono, ctx: DaemonContext): void {
  let openApi: unknown;

  app.get('/health', (c) =>
    c.json({
      ok: true,
      service: 'port-daddy',
      version: ctx.version,
      pid: process.pid,
    } satisfies Health),
  );

  app.get('/status', (c) =>
    c.json({
      service: 'port-daddy',
      version: ctx.version,
      pid: process.pid,
      url: ctx.config.url,
      dataDir: ctx.config.home,
      nodeVersion: process.version,
      startedAt: isoTime(ctx.startedAt),
      uptimeMs: Math.max(0, ctx.clock.now() - ctx.startedAt),
      revision: ctx.revision.current(),
      schemaVersion: schemaVersion(ctx.db),
      range: ctx.config.range,
      counts: { claims: ctx.ports.count(), events: ctx.events.total() },
    } satisfies Status),
  );

  app.get('/openapi.json', (c) => c.json((openApi ??= buildOpenApi(ctx.version))));

  app.get('/admin/integrity', (c) => {
    const messages = integrityCheck(ctx.db);
    return c.json({
      ok: messages.length === 1 && messages[0] === 'ok',
      messages,
    } satisfies Integrity);
  });

  app.post('/admin/shutdown', (c) => {
    ctx.logger.info('shutdown requested over HTTP');
    setImmediate(() => ctx.requestShutdown());
    return c.json({ ok: true as const, pid: process.pid });
  });

  app.get('/events', (c) => {
    const query = validate(eventsQuerySchema, c.req.query(), 'query');
    const events = ctx.events
      .list(query.since ?? 0, query.limit ?? 100)
      .map((event) => ({ ...event, at: isoTime(event.at) }));
    return c.json({ events } satisfies EventList);
  });
}
