import { z } from 'zod';
import { agentIdSchema, isoSchema as iso } from './fields.js';
import type { RouteSpec } from './routes.js';

const snapshotId = z.coerce
  .number()
  .int()
  .positive()
  .max(Number.MAX_SAFE_INTEGER)
  .describe('A snapshot id');
const root = z
  .string()
  .min(1)
  .max(4096)
  .refine((value) => value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value), {
    message: 'must be an absolute path',
  })
  .describe('Absolute path of the worktree root the claim was made in');
const relativePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((value) => !value.startsWith('/') && !value.includes('\0'), {
    message: 'must be a path relative to the root',
  })
  .describe("Path relative to the root, with '/' separators");

export const snapshotParamsSchema = z.strictObject({ id: snapshotId });

export const listSnapshotsQuerySchema = z.strictObject({
  root: root.optional(),
  path: relativePath.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional().describe('At most this many (50)'),
});

export const getSnapshotQuerySchema = z.strictObject({
  raw: z
    .enum(['1', 'true', '0', 'false'], { error: 'must be 1, true, 0 or false' })
    .optional()
    .describe('1: answer with the bytes themselves (application/octet-stream), not JSON'),
});

export const restoreSnapshotRequestSchema = z
  .strictObject({
    agent: agentIdSchema
      .optional()
      .describe('Who restores it (recorded on the copies and in the activity log)'),
  })
  .meta({ id: 'RestoreSnapshotRequest' });

export const snapshotSchema = z
  .object({
    id: z.number().int(),
    root: z.string(),
    path: z.string().describe('Relative to root'),
    kind: z
      .enum(['baseline', 'change', 'pre-restore', 'restore'])
      .describe(
        'baseline: when the claim began; change: the bytes changed; pre-restore: the bytes a restore replaced; restore: the bytes a restore wrote',
      ),
    size: z.number().int().describe('Bytes'),
    sha256: z.string().nullable().describe('Hex; null when the content was not kept'),
    at: iso,
    agent: z.string().nullable().describe('The claim holder (or the restoring agent)'),
    session: z.string().nullable(),
    skipped: z
      .string()
      .nullable()
      .describe('Why no content was kept: too-large (over the size cap); else null'),
  })
  .meta({ id: 'Snapshot' });

export const snapshotListSchema = z
  .object({ snapshots: z.array(snapshotSchema).describe('Newest first; no content') })
  .meta({ id: 'SnapshotList' });

export const snapshotWithContentSchema = snapshotSchema
  .extend({
    content: z.string().nullable().describe('The bytes, base64; null when skipped'),
  })
  .meta({ id: 'SnapshotWithContent' });

export const restoreResultSchema = z
  .object({
    restored: snapshotSchema.describe('The copy whose bytes the file now holds'),
    previous: snapshotSchema
      .nullable()
      .describe('The bytes the file held before: restore this one to undo; null if it was missing'),
  })
  .meta({ id: 'RestoreResult' });

export type SnapshotView = z.infer<typeof snapshotSchema>;
export type SnapshotWithContent = z.infer<typeof snapshotWithContentSchema>;
export type RestoreResultView = z.infer<typeof restoreResultSchema>;
export type ListSnapshotsQuery = z.input<typeof listSnapshotsQuerySchema>;

export const snapshotRouteSpecs: RouteSpec[] = [
  {
    method: 'get',
    path: '/snapshots',
    operationId: 'listSnapshots',
    tag: 'snapshots',
    summary: 'Kept copies of claimed files, newest first, without content',
    query: listSnapshotsQuerySchema,
    response: snapshotListSchema,
    errors: [400],
  },
  {
    method: 'get',
    path: '/snapshots/{id}',
    operationId: 'getSnapshot',
    tag: 'snapshots',
    summary: 'One copy with its content (base64), or with ?raw=1 the bytes themselves',
    params: snapshotParamsSchema,
    query: getSnapshotQuerySchema,
    response: snapshotWithContentSchema,
    errors: [400, 404, 409],
  },
  {
    method: 'post',
    path: '/snapshots/{id}/restore',
    operationId: 'restoreSnapshot',
    tag: 'snapshots',
    summary: 'Write a copy back to its file atomically, keeping the current bytes to undo it',
    params: snapshotParamsSchema,
    body: restoreSnapshotRequestSchema,
    response: restoreResultSchema,
    errors: [400, 404, 409, 413],
  },
];
