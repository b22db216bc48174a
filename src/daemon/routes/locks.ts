import type { HttpBindings } from '@hono/node-server';
import type { Context, Hono } from 'hono';
import { PdError } from '../../api/errors.js';
import {
  acquireRequestSchema,
  extendLockRequestSchema,
  lockParamsSchema,
  releaseLockRequestSchema,
  type LockView,
} from '../../api/locks.js';
import type { Lock } from '../../core/locks/index.js';
import type { DaemonContext } from '../context.js';
import { durationField, validate } from '../http-errors.js';
import { readJson } from '../read-json.js';
import { isoTimeOrNull as iso } from '../iso-time.js';

const MAX_WAIT_MS = 3_600_000;
const waitOptions = { allowZero: true, maxMs: MAX_WAIT_MS, limitText: '1h' };

export function lockView(lock: Lock): LockView {
  return { ...lock, acquiredAt: iso(lock.acquiredAt)!, expiresAt: iso(lock.expiresAt) };
}

/** Aborts when the caller hangs up before its answer, so a waiter leaves the queue. */
export function hangUpSignal(c: Context): AbortSignal | undefined {
  const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
  if (!outgoing) return undefined;
  const controller = new AbortController();
  outgoing.once('close', () => {
    if (!outgoing.writableFinished) controller.abort();
  });
  return controller.signal;
}

export function lockRoutes(app: Hono, ctx: DaemonContext): void {
  app.post('/locks/:name', async (c) => {
    const { name } = validate(lockParamsSchema, c.req.param(), 'lock name');
    const input = validate(acquireRequestSchema, await readJson(c), 'lock request');
    const ttlMs = durationField(input.ttl, 'ttl');
    const waitMs = durationField(input.wait, 'wait', waitOptions);
    const lock = await ctx.locks.acquire(
      { name, owner: input.owner, pid: input.pid, ttlMs, waitMs },
      hangUpSignal(c),
    );
    return c.json(lockView(lock));
  });

  app.post('/locks/:name/release', async (c) => {
    const { name } = validate(lockParamsSchema, c.req.param(), 'lock name');
    const input = validate(releaseLockRequestSchema, await readJson(c), 'release request');
    return c.json({ released: lockView(ctx.locks.release(name, input.owner, input.force)) });
  });

  app.post('/locks/:name/extend', async (c) => {
    const { name } = validate(lockParamsSchema, c.req.param(), 'lock name');
    const input = validate(extendLockRequestSchema, await readJson(c), 'extend request');
    return c.json(lockView(ctx.locks.extend(name, input.owner, durationField(input.ttl, 'ttl'))));
  });

  app.get('/locks', (c) => c.json({ locks: ctx.locks.list().map(lockView) }));

  app.get('/locks/:name', (c) => {
    const { name } = validate(lockParamsSchema, c.req.param(), 'lock name');
    const lock = ctx.locks.get(name);
    if (!lock) throw new PdError('NOT_FOUND', `lock ${name} is not held`, { name });
    return c.json(lockView(lock));
  });
}
