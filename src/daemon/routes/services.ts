import type { Hono } from 'hono';
import { PdError } from '../../api/errors.js';
import { serviceHostname, serviceUrl } from '../../api/service-host.js';
import {
  downRequestSchema,
  listServicesQuerySchema,
  reportServiceRequestSchema,
  serviceParamsSchema,
  upRequestSchema,
  waitRequestSchema,
  type ServiceView,
} from '../../api/services.js';
import { parseIdentity } from '../../core/identity/index.js';
import { isReady, type ServiceRecord } from '../../core/service-registry/index.js';
import type { DaemonContext } from '../context.js';
import { DetachedServices } from '../detached-services.js';
import { durationField, validate } from '../http-errors.js';
import { isoTimeOrNull as iso } from '../iso-time.js';
import { readJson } from '../read-json.js';
import { hangUpSignal } from './locks.js';

const DEFAULT_WAIT_MS = 60_000;
const waitOptions = { allowZero: true, maxMs: 3_600_000, limitText: '1h' };

export function serviceView(record: ServiceRecord, daemonPort: number): ServiceView {
  return {
    ...record,
    ready: isReady(record),
    startedAt: iso(record.startedAt),
    updatedAt: iso(record.updatedAt)!,
    url: serviceUrl(record.identity, daemonPort),
  };
}

export function serviceRoutes(app: Hono, ctx: DaemonContext): void {
  const detached = new DetachedServices({
    ports: ctx.ports,
    registry: ctx.serviceRegistry,
    home: ctx.config.home,
    logger: ctx.logger,
  });
  ctx.serviceRegistry.onClose(() => detached.stopAll());
  const view = (record: ServiceRecord) => serviceView(record, ctx.config.port);

  app.post('/services/report', async (c) => {
    const input = validate(reportServiceRequestSchema, await readJson(c), 'service report');
    return c.json(view(ctx.serviceRegistry.report({ ...input, host: 'cli' })));
  });

  app.post('/services/up', async (c) => {
    const input = validate(upRequestSchema, await readJson(c), 'up request');
    const records = await detached.up(input);
    return c.json({ services: records.map(view) });
  });

  app.post('/services/down', async (c) => {
    const input = validate(downRequestSchema, await readJson(c), 'down request');
    const rows = ctx.serviceRegistry.list(input.project);
    const unknown = (input.services ?? []).filter((name) => !rows.some((row) => row.name === name));
    if (unknown.length > 0) {
      throw new PdError(
        'NOT_FOUND',
        `no service ${unknown.join(', ')}${input.project === undefined ? '' : ` in project ${input.project}`}`,
        { services: unknown, project: input.project ?? null },
      );
    }
    const selected = rows.filter(
      (row) => input.services === undefined || input.services.includes(row.name),
    );
    const stopped = await detached.down(
      selected.filter((row) => detached.hosts(row.identity)).map((row) => row.identity),
    );
    const foreground = selected.filter(
      (row) => row.host === 'cli' && row.state !== 'stopped' && row.state !== 'failed',
    );
    return c.json({ stopped: stopped.map(view), foreground: foreground.map(view) });
  });

  app.post('/services/wait', async (c) => {
    const input = validate(waitRequestSchema, await readJson(c), 'wait request');
    for (const identity of input.identities) parseIdentity(identity);
    const timeoutMs = durationField(input.timeout, 'timeout', waitOptions) ?? DEFAULT_WAIT_MS;
    const result = await ctx.serviceRegistry.waitReady(
      input.identities,
      timeoutMs,
      hangUpSignal(c),
    );
    return c.json({
      ready: result.notReady.length === 0,
      readyIdentities: result.ready,
      notReady: result.notReady,
    });
  });

  app.get('/services', (c) => {
    const query = validate(listServicesQuerySchema, c.req.query(), 'query');
    return c.json({ services: ctx.serviceRegistry.list(query.project).map(view) });
  });

  app.get('/services/:identity', (c) => {
    const { identity } = validate(serviceParamsSchema, c.req.param(), 'service identity');
    return c.json(view(ctx.serviceRegistry.get(identity)));
  });

  app.get('/services/:identity/url', (c) => {
    const params = validate(serviceParamsSchema, c.req.param(), 'service identity');
    const identity = parseIdentity(params.identity).full;
    const hostname = serviceHostname(identity);
    if (hostname === null) {
      throw new PdError(
        'INVALID_IDENTITY',
        `${identity} has no URL: it needs project:service[:branch], with no '.' in the service or branch and no '--' in the service`,
        { identity },
      );
    }
    return c.json({
      identity,
      hostname,
      url: serviceUrl(identity, ctx.config.port)!,
      port: ctx.ports.get(identity)?.port ?? null,
    });
  });

  app.post('/services/:identity/ready', (c) => {
    const { identity } = validate(serviceParamsSchema, c.req.param(), 'service identity');
    return c.json(view(ctx.serviceRegistry.markReady(identity)));
  });
}
