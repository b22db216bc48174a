import { z } from 'zod';
import { durationSchema } from './common.js';
import { agentIdSchema as agentId, flagSchema as flag, isoSchema as iso } from './fields.js';
import type { RouteSpec } from './routes.js';

/** The most paths one request may name. */
export const MAX_PATHS = 1000;

const sessionId = z.string().min(1).max(200).describe('Session id, e.g. ses-3f9a1c0b7e21');
const root = z
  .string()
  .min(1)
  .max(4096)
  .describe('Absolute path of the worktree root (git root) the paths are relative to');
const pathList = z
  .array(z.string().max(4096))
  .max(MAX_PATHS)
  .describe('Paths or picomatch globs relative to root (an absolute path inside root works too)');

export const claimFilesRequestSchema = z
  .strictObject({
    agent: agentId,
    session: sessionId.optional().describe("Default: the agent's active session"),
    root,
    paths: pathList.min(1),
    shared: z
      .boolean()
      .optional()
      .describe('Shared claims never conflict with each other; default exclusive'),
    ttl: durationSchema
      .optional()
      .describe('Released when this passes (seconds, or 30s, 10m, 2h); default: until released'),
  })
  .meta({ id: 'ClaimFilesRequest' });

export const releaseFilesRequestSchema = z
  .strictObject({
    agent: agentId,
    root: root.optional().describe('Only claims of this worktree (needed with paths)'),
    paths: pathList.optional().describe('The patterns to release; none: all of the agent’s'),
  })
  .meta({ id: 'ReleaseFilesRequest' });

export const listFilesQuerySchema = z.strictObject({
  root: root.optional().describe('Only claims of this worktree'),
  agent: agentId.optional().describe('Only claims of this agent'),
  session: sessionId.optional().describe('Only claims of this session'),
  released: flag.optional().describe('With session: also its released claims'),
});

export const checkFilesRequestSchema = z
  .strictObject({
    agent: agentId
      .optional()
      .describe("Whose claims count as the caller's; without it every claim is someone else's"),
    root,
    paths: pathList.min(1),
  })
  .meta({ id: 'CheckFilesRequest' });

const holderSchema = z.object({
  agent: z.string(),
  session: z.string().nullable(),
  purpose: z.string().nullable().describe("The holder session's purpose"),
});

export const fileClaimSchema = z
  .object({
    id: z.number().int(),
    root: z.string(),
    pattern: z.string().describe('Normalised path or glob relative to root'),
    agent: z.string(),
    session: z.string().nullable(),
    purpose: z.string().nullable().describe("The session's purpose"),
    shared: z.boolean(),
    token: z.number().int().describe('Fencing token: the store revision that granted the claim'),
    claimedAt: iso,
    expiresAt: iso.nullable(),
    releasedAt: iso.nullable(),
    releaseReason: z.string().nullable(),
  })
  .meta({ id: 'FileClaim' });

export const fileClaimListSchema = z
  .object({ claims: z.array(fileClaimSchema) })
  .meta({ id: 'FileClaimList' });

export const claimFilesResponseSchema = z
  .object({ session: z.string().nullable(), claims: z.array(fileClaimSchema) })
  .meta({ id: 'ClaimFilesResponse' });

export const releaseFilesResponseSchema = z
  .object({ released: z.array(fileClaimSchema) })
  .meta({ id: 'ReleaseFilesResponse' });

export const fileConflictSchema = z
  .object({
    path: z.string().describe("The caller's pattern"),
    pattern: z.string().describe("The holder's pattern it overlaps"),
    holder: holderSchema,
    shared: z.boolean(),
    token: z.number().int(),
    example: z.string().nullable().describe('An existing file both match, when there is one'),
  })
  .meta({ id: 'FileConflict' });

const pathCheckSchema = z.object({
  path: z.string().describe('The normalised path or glob'),
  state: z
    .enum(['free', 'own', 'held'])
    .describe(
      "free: nobody's; own: the caller holds it; held: another agent's claim is in the way",
    ),
  own: z.array(z.string()).describe("The caller's patterns that hold it"),
  holders: z.array(
    holderSchema.extend({ pattern: z.string(), shared: z.boolean(), token: z.number().int() }),
  ),
});

export const checkFilesResponseSchema = z
  .object({
    root: z.string(),
    agent: z.string().nullable(),
    session: z
      .object({ id: z.string(), purpose: z.string() })
      .nullable()
      .describe("The agent's active session"),
    paths: z.array(pathCheckSchema),
    uncovered: z.array(z.string()).describe("Paths the agent's own claims do not hold"),
    conflicts: z.array(z.string()).describe("Paths another agent's live claim is in the way of"),
  })
  .meta({ id: 'CheckFilesResponse' });

export type FileClaimView = z.infer<typeof fileClaimSchema>;
export type FileConflictView = z.infer<typeof fileConflictSchema>;
export type ClaimFilesRequest = z.input<typeof claimFilesRequestSchema>;
export type ClaimFilesResponse = z.infer<typeof claimFilesResponseSchema>;
export type ReleaseFilesRequest = z.input<typeof releaseFilesRequestSchema>;
export type ListFilesQuery = z.input<typeof listFilesQuerySchema>;
export type CheckFilesRequest = z.input<typeof checkFilesRequestSchema>;
export type CheckFilesResponse = z.infer<typeof checkFilesResponseSchema>;

export const fileRouteSpecs: RouteSpec[] = [
  {
    method: 'post',
    path: '/files/claims',
    operationId: 'claimFiles',
    tag: 'files',
    summary:
      'Claim paths or globs of a worktree, exclusive or shared; all or none (409 names each holder)',
    body: claimFilesRequestSchema,
    response: claimFilesResponseSchema,
    errors: [400, 404, 409, 413],
  },
  {
    method: 'post',
    path: '/files/release',
    operationId: 'releaseFiles',
    tag: 'files',
    summary: "Release some or all of an agent's file claims (404 for a path it does not hold)",
    body: releaseFilesRequestSchema,
    response: releaseFilesResponseSchema,
    errors: [400, 404, 413],
  },
  {
    method: 'get',
    path: '/files',
    operationId: 'listFiles',
    tag: 'files',
    summary: 'Active file claims with their holder session purpose',
    query: listFilesQuerySchema,
    response: fileClaimListSchema,
    errors: [400],
  },
  {
    method: 'post',
    path: '/files/check',
    operationId: 'checkFiles',
    tag: 'files',
    summary:
      "Who holds each path (free, own, held), the agent's active session, and what it has not claimed",
    body: checkFilesRequestSchema,
    response: checkFilesResponseSchema,
    errors: [400, 413],
  },
];
