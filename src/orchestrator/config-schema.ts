import { z } from 'zod';
import { durationSchema } from '../api/common.js';
import { parseDuration } from '../api/duration.js';

const duration = durationSchema.refine(
  (value) => parseDuration(value) !== undefined,
  'not a duration: seconds, or a string like 500ms, 30s, 10m, 2h',
);

/** A service name is one identity segment: it becomes `project:service` and `service.project.localhost`. */
const segment = z
  .string()
  .min(1)
  .max(63)
  .regex(
    /^[a-z0-9][a-z0-9_-]*$/,
    "lower-case letters, digits, '_' and '-', a letter or digit first",
  );

export const restartPolicySchema = z
  .enum(['never', 'on-failure', 'always'])
  .describe('never (default); on-failure: after a non-zero exit; always: after any exit');

export const serviceConfigSchema = z
  .strictObject({
    cmd: z
      .string()
      .min(1)
      .describe(
        'The command, run by /bin/sh in cwd; ${PORT} is its port, ${PORT:<service>} another service’s',
      ),
    cwd: z
      .string()
      .optional()
      .describe('Folder to run in, relative to the .portdaddyrc (default: its folder)'),
    env: z
      .record(z.string(), z.string())
      .optional()
      .describe('Extra environment; values may use ${PORT} and ${PORT:<service>} too'),
    needs: z
      .array(segment)
      .optional()
      .describe('Services that must be ready before this one starts'),
    healthPath: z
      .string()
      .regex(/^\//, 'must start with /')
      .optional()
      .describe('Ready when GET http://127.0.0.1:${PORT}<healthPath> answers 2xx or 3xx'),
    healthCmd: z
      .string()
      .min(1)
      .optional()
      .describe('Ready when this command (run by /bin/sh, with PORT set) exits 0'),
    tcp: z.boolean().optional().describe('Ready when its port accepts a TCP connection'),
    readyTimeout: duration
      .optional()
      .describe('How long it may take to become ready (default 60s)'),
    restart: restartPolicySchema.optional(),
    maxRestarts: z
      .number()
      .int()
      .min(0)
      .max(1000)
      .optional()
      .describe('Give up after this many restarts in a row (default 5)'),
    restartBackoff: duration
      .optional()
      .describe('Wait before the first restart, doubled each time up to 30s (default 1s)'),
    identity: z
      .string()
      .max(200)
      .optional()
      .describe('Claim the port under this identity instead of project:service[:branch]'),
  })
  .meta({ id: 'ServiceConfig' });

export const projectConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe('For editors: the JSON Schema of this file'),
    project: segment.describe('The project: first segment of every identity, e.g. myapp'),
    services: z
      .record(segment, serviceConfigSchema)
      .refine((services) => Object.keys(services).length > 0, 'declare at least one service')
      .describe('Services by name'),
  })
  .meta({ id: 'PortDaddyRc' });

export type ServiceConfig = z.infer<typeof serviceConfigSchema>;
export type ProjectConfig = z.infer<typeof projectConfigSchema>;
