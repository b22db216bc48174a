import { z } from 'zod';
import { pidSchema } from './fields.js';
import { durationSchema } from './common.js';

const identityText = z
  .string()
  .max(200)
  .describe('Semantic identity project[:stack[:context]], e.g. myapp:api:main');

export const portNumber = z.number().int().min(1).max(65535);

export const claimRequestSchema = z
  .strictObject({
    identity: identityText,
    port: portNumber.optional().describe('Ask for this exact port; 409 if someone else holds it'),
    pid: pidSchema.optional().describe('Release the claim when this process dies'),
    ttl: durationSchema
      .optional()
      .describe(
        'Release the claim when this long passes without a renewal: seconds, or 500ms, 30s, 10m, 2h, 1d',
      ),
    owner: z.string().min(1).max(200).optional().describe('Who holds it: an agent id or a name'),
  })
  .meta({ id: 'ClaimRequest' });

export const claimSchema = z
  .object({
    identity: z.string(),
    port: portNumber,
    pid: z.number().int().nullable(),
    owner: z.string().nullable(),
    alive: z.boolean().nullable().describe('Whether the pid still runs; null without a pid'),
    createdAt: z.string().describe('ISO 8601'),
    updatedAt: z.string().describe('ISO 8601'),
    ttlMs: z.number().int().nullable(),
    expiresAt: z.string().nullable().describe('ISO 8601, null when the claim has no TTL'),
    revision: z.number().int().describe('Store revision that created the claim: its fencing token'),
  })
  .meta({ id: 'Claim' });

export const claimResponseSchema = claimSchema
  .extend({ existing: z.boolean().describe('True when the identity already held this port') })
  .meta({ id: 'ClaimResponse' });

export const listClaimsQuerySchema = z.strictObject({
  pattern: z
    .string()
    .max(200)
    .optional()
    .describe('Identity, its descendants, or a pattern such as myapp:* or myapp:*:main'),
});

export const claimListSchema = z.object({ claims: z.array(claimSchema) }).meta({ id: 'ClaimList' });

export const releaseRequestSchema = z
  .strictObject({ pattern: identityText.describe('Identity or pattern to release, e.g. myapp:*') })
  .meta({ id: 'ReleaseRequest' });

export const releaseResponseSchema = z
  .object({ released: z.array(claimSchema), count: z.number().int() })
  .meta({ id: 'ReleaseResponse' });

export const portParamsSchema = z.strictObject({
  port: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a port number')
    .transform(Number)
    .pipe(portNumber),
});

export const osListenerSchema = z.object({
  pid: z.number().int().nullable(),
  command: z.string().nullable(),
  address: z.string(),
});

export const whoResponseSchema = z
  .object({
    port: portNumber,
    claim: claimSchema.nullable(),
    listeners: z.array(osListenerSchema).describe('Processes listening on the port, per the OS'),
  })
  .meta({ id: 'WhoResponse' });

export type ClaimRequest = z.input<typeof claimRequestSchema>;
export type ClaimView = z.infer<typeof claimSchema>;
export type ClaimResponse = z.infer<typeof claimResponseSchema>;
export type ClaimList = z.infer<typeof claimListSchema>;
export type ReleaseResponse = z.infer<typeof releaseResponseSchema>;
export type WhoResponse = z.infer<typeof whoResponseSchema>;
