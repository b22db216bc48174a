import { z } from 'zod';
import { pidSchema } from './fields.js';
import { durationSchema } from './common.js';
import type { RouteSpec } from './routes.js';

const lockName = z
  .string()
  .min(1)
  .max(200)
  .describe("Lock name: a letter or digit, then letters, digits, '.', '_', ':', '@', '-'");
const owner = z.string().min(1).max(200).describe('Who holds the lock: an agent id or a name');

export const lockParamsSchema = z.strictObject({ name: lockName });

export const acquireRequestSchema = z
  .strictObject({
    owner,
    ttl: durationSchema
      .optional()
      .describe('Lease: released when this passes without an extend (seconds, or 30s, 10m, 2h)'),
    pid: pidSchema.optional().describe('Released when this process dies'),
    wait: durationSchema
      .optional()
      .describe(
        'Queue (FIFO) this long for the lock when held; 0 or absent fails at once; at most 1h',
      ),
  })
  .meta({ id: 'AcquireLockRequest' });

export const releaseLockRequestSchema = z
  .strictObject({
    owner: owner.optional(),
    force: z
      .boolean()
      .optional()
      .describe("Release someone else's lock (recorded in the activity log)"),
  })
  .meta({ id: 'ReleaseLockRequest' });

export const extendLockRequestSchema = z
  .strictObject({
    owner,
    ttl: durationSchema.optional().describe('New lease from now; default: the lock’s own TTL'),
  })
  .meta({ id: 'ExtendLockRequest' });

export const lockSchema = z
  .object({
    name: z.string(),
    owner: z.string(),
    pid: z.number().int().nullable(),
    token: z
      .number()
      .int()
      .describe('Fencing token: greater than every token issued before, for any lock'),
    acquiredAt: z.string().describe('ISO 8601'),
    ttlMs: z.number().int().nullable(),
    expiresAt: z.string().nullable().describe('ISO 8601, null without a TTL'),
  })
  .meta({ id: 'Lock' });

export const lockListSchema = z.object({ locks: z.array(lockSchema) }).meta({ id: 'LockList' });
export const releasedLockSchema = z.object({ released: lockSchema }).meta({ id: 'ReleasedLock' });

export type LockView = z.infer<typeof lockSchema>;
export type AcquireLockRequest = z.input<typeof acquireRequestSchema>;

export const lockRouteSpecs: RouteSpec[] = [
  {
    method: 'post',
    path: '/locks/{name}',
    operationId: 'acquireLock',
    tag: 'locks',
    summary: 'Acquire a lock (optionally waiting FIFO); answers with its fencing token',
    params: lockParamsSchema,
    body: acquireRequestSchema,
    response: lockSchema,
    errors: [400, 409, 413, 503],
  },
  {
    method: 'post',
    path: '/locks/{name}/release',
    operationId: 'releaseLock',
    tag: 'locks',
    summary: 'Release a lock: only its owner, unless force',
    params: lockParamsSchema,
    body: releaseLockRequestSchema,
    response: releasedLockSchema,
    errors: [400, 403, 404, 413],
  },
  {
    method: 'post',
    path: '/locks/{name}/extend',
    operationId: 'extendLock',
    tag: 'locks',
    summary: "Renew a lock's lease: only its owner",
    params: lockParamsSchema,
    body: extendLockRequestSchema,
    response: lockSchema,
    errors: [400, 403, 404, 413],
  },
  {
    method: 'get',
    path: '/locks/{name}',
    operationId: 'getLock',
    tag: 'locks',
    summary: 'One held lock',
    params: lockParamsSchema,
    response: lockSchema,
    errors: [400, 404],
  },
  {
    method: 'get',
    path: '/locks',
    operationId: 'listLocks',
    tag: 'locks',
    summary: 'Every held lock',
    response: lockListSchema,
    errors: [],
  },
];
