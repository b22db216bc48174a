import type { Hono } from 'hono';
import {
  claimRequestSchema,
  listClaimsQuerySchema,
  portParamsSchema,
  releaseRequestSchema,
  type ClaimResponse,
  type ClaimView,
  type ReleaseResponse,
  type WhoResponse,
} from '../../api/ports.js';
import { findListeners, type Claim } from '../../core/ports/index.js';
import type { DaemonContext } from '../context.js';
import { durationField, validate } from '../http-errors.js';
import { readJson } from '../read-json.js';
import { isoTime as iso } from '../iso-time.js';

export function claimView(claim: Claim, alive: boolean | null): ClaimView {
  return {
    identity: claim.identity,
    port: claim.port,
    pid: claim.pid,
    owner: claim.owner,
    alive,
    createdAt: iso(claim.createdAt),
    updatedAt: iso(claim.updatedAt),
    ttlMs: claim.ttlMs,
    expiresAt: claim.expiresAt === null ? null : iso(claim.expiresAt),
    revision: claim.revision,
  };
}

export function portRoutes(app: Hono, ctx: DaemonContext): void {
  const view = (claim: Claim) => claimView(claim, ctx.ports.isAlive(claim));

  app.post('/claims', async (c) => {
    const input = validate(claimRequestSchema, await readJson(c), 'claim request');
    const ttlMs = durationField(input.ttl, 'ttl');
    const { claim, existing } = await ctx.ports.claim({ ...input, ttlMs });
    return c.json({ ...view(claim), existing } satisfies ClaimResponse);
  });

  app.get('/claims', (c) => {
    const query = validate(listClaimsQuerySchema, c.req.query(), 'query');
    return c.json({ claims: ctx.ports.find(query.pattern).map(view) });
  });

  app.post('/claims/release', async (c) => {
    const input = validate(releaseRequestSchema, await readJson(c), 'release request');
    const released = ctx.ports.release(input.pattern).map((claim) => claimView(claim, null));
    return c.json({ released, count: released.length } satisfies ReleaseResponse);
  });

  app.get('/ports/:port', async (c) => {
    const { port } = validate(portParamsSchema, c.req.param(), 'port');
    const claim = ctx.ports.byPort(port);
    const listeners = await findListeners(port);
    return c.json({ port, claim: claim ? view(claim) : null, listeners } satisfies WhoResponse);
  });
}
