import { z } from 'zod';

/** Agent ids: 1-200 of letters, digits, '.', '_', ':', '@', '-'. */
export const AGENT_ID = /^[A-Za-z0-9._:@-]{1,200}$/;
export const AGENT_ID_RULE = "1-200 characters: letters, digits, '.', '_', ':', '@', '-'";

/** Fields that several domains' schemas share, defined once. */
export const agentIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(AGENT_ID, `not an agent id: ${AGENT_ID_RULE}`)
  .describe(`Agent id: ${AGENT_ID_RULE}`);

/** A process id (Linux allows up to 2^22). */
export const pidSchema = z.number().int().positive().max(4_194_304);

export const isoSchema = z.string().describe('ISO 8601');

/** A project is one identity segment; the daemon lower-cases it as it does identities. */
export const projectSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    "one identity segment (a-z, 0-9, '.', '_', '-'), e.g. myapp",
  )
  .describe(
    'Project: one identity segment such as myapp; default the first segment of the identity',
  );

/** A query-string boolean. */
export const flagSchema = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true, false, 1 or 0' })
  .transform((value) => value === 'true' || value === '1');
