import type { Hono } from 'hono';
import { PdError } from '../../api/errors.js';
import {
  checkFilesRequestSchema,
  claimFilesRequestSchema,
  listFilesQuerySchema,
  releaseFilesRequestSchema,
  type FileClaimView,
} from '../../api/files.js';
import type { FileClaim } from '../../core/file-claims/index.js';
import type { DaemonContext } from '../context.js';
import { durationField, validate } from '../http-errors.js';
import { readJson } from '../read-json.js';
import { isoTimeOrNull as iso } from '../iso-time.js';

export function fileClaimView(claim: FileClaim, purpose: string | null): FileClaimView {
  return {
    id: claim.id,
    root: claim.root,
    pattern: claim.pattern,
    agent: claim.agentId,
    session: claim.sessionId,
    purpose,
    shared: claim.shared,
    token: claim.token,
    claimedAt: iso(claim.claimedAt)!,
    expiresAt: iso(claim.expiresAt),
    releasedAt: iso(claim.releasedAt),
    releaseReason: claim.releaseReason,
  };
}

export function fileRoutes(app: Hono, ctx: DaemonContext): void {
  const view = (claim: FileClaim) => fileClaimView(claim, ctx.files.holderOf(claim).purpose);

  app.post('/files/claims', async (c) => {
    const input = validate(claimFilesRequestSchema, await readJson(c), 'file claim request');
    const ttlMs = durationField(input.ttl, 'ttl');
    let session = input.session ?? ctx.sessions.activeFor(input.agent)?.id ?? null;
    if (input.session !== undefined) {
      const known = ctx.sessions.summary(input.session);
      if (!known) {
        throw new PdError('NOT_FOUND', `no session ${input.session}`, { session: input.session });
      }
      if (known.agentId !== input.agent) {
        throw new PdError(
          'INVALID_INPUT',
          `invalid file claim request: session ${input.session} belongs to ${known.agentId}, not ${input.agent}`,
          { issues: [{ path: 'session', message: 'belongs to another agent' }] },
        );
      }
      session = known.id;
    }
    const claims = await ctx.files.claim({
      agentId: input.agent,
      sessionId: session,
      root: input.root,
      paths: input.paths,
      shared: input.shared,
      ttlMs,
    });
    return c.json({ session, claims: claims.map(view) });
  });

  app.post('/files/release', async (c) => {
    const input = validate(releaseFilesRequestSchema, await readJson(c), 'file release request');
    const released = await ctx.files.release({
      agentId: input.agent,
      ...(input.root === undefined ? {} : { root: input.root }),
      ...(input.paths === undefined ? {} : { paths: input.paths }),
    });
    return c.json({ released: released.map(view) });
  });

  app.get('/files', (c) => {
    const query = validate(listFilesQuerySchema, c.req.query(), 'query');
    const withReleased = query.released === true;
    const claims =
      withReleased && query.session !== undefined
        ? ctx.files.bySession(query.session, { includeReleased: true })
        : ctx.files.list({
            ...(query.session === undefined ? {} : { sessionId: query.session }),
            ...(query.agent === undefined ? {} : { agentId: query.agent }),
            ...(query.root === undefined ? {} : { root: query.root }),
          });
    return c.json({ claims: claims.map(view) });
  });

  app.post('/files/check', async (c) => {
    const input = validate(checkFilesRequestSchema, await readJson(c), 'file check request');
    const check = await ctx.files.check({
      ...(input.agent === undefined ? {} : { agentId: input.agent }),
      root: input.root,
      paths: input.paths,
    });
    const active = input.agent === undefined ? undefined : ctx.sessions.activeFor(input.agent);
    return c.json({
      ...check,
      agent: input.agent ?? null,
      session: active ? { id: active.id, purpose: active.purpose } : null,
    });
  });
}
