import { z } from 'zod';

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().describe('Machine-readable code such as INVALID_INPUT or PORT_TAKEN'),
      message: z.string().describe('One human sentence'),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .meta({ id: 'Error' });

/** A duration such as 30s, 10m, 2h, 1d or a bare number of seconds. */
export const durationSchema = z
  .union([z.string(), z.number()])
  .describe(
    'Duration: a number of seconds, or a string like 500ms, 30s, 10m, 2h, 1d; at most 365d',
  );

// Parsing lives in a zod-free module so the CLI can use it without loading zod.
export { MAX_DURATION_MS, parseDuration } from './duration.js';
