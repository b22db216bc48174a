import { z } from 'zod';
import { durationSchema } from './common.js';
import { isoSchema, pidSchema, projectSchema } from './fields.js';
import type { RouteSpec } from './routes.js';

const identityText = z
  .string()
  .min(1)
  .max(200)
  .describe('Service identity project:service[:branch], e.g. myapp:api');
const serviceName = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "a service name: a-z, 0-9, '_', '-', a letter or digit first")
  .describe('Service name as in .portdaddyrc, e.g. api');
const portNumber = z.number().int().min(1).max(65535);

export const serviceStateSchema = z
  .enum([
    'pending',
    'starting',
    'ready',
    'unhealthy',
    'restarting',
    'stopping',
    'stopped',
    'failed',
  ])
  .describe('Where the supervisor has it');

export const serviceParamsSchema = z.strictObject({ identity: identityText });
export const listServicesQuerySchema = z.strictObject({ project: projectSchema.optional() });

export const reportServiceRequestSchema = z
  .strictObject({
    project: projectSchema,
    name: serviceName,
    identity: identityText,
    state: serviceStateSchema,
    pid: pidSchema.nullable().describe('The service process (its group leader); null when none'),
    port: portNumber.nullable(),
    restarts: z.number().int().min(0).max(1_000_000),
    startedAt: z
      .number()
      .int()
      .min(0)
      .nullable()
      .describe('Epoch ms of the current run’s start, null before the first'),
    exitCode: z.number().int().min(-255).max(255).nullable(),
    message: z.string().max(4000).nullable().describe('A line for people'),
    hostPid: pidSchema.describe('The foreground pd up reporting it: stopped when it exits'),
  })
  .meta({ id: 'ReportServiceRequest' });

export const serviceSchema = z
  .object({
    identity: z.string(),
    project: z.string(),
    name: z.string(),
    state: serviceStateSchema,
    ready: z.boolean().describe('State ready, or marked ready by pd integration ready'),
    pid: z.number().int().nullable(),
    port: z.number().int().nullable(),
    restarts: z.number().int(),
    startedAt: isoSchema.nullable(),
    exitCode: z.number().int().nullable(),
    message: z.string().nullable(),
    host: z
      .enum(['cli', 'daemon', 'external'])
      .describe('cli: a foreground pd up; daemon: pd up -d; external: only marked ready by hand'),
    hostPid: z.number().int().nullable(),
    url: z
      .string()
      .nullable()
      .describe('http://<service>.<project>.localhost:<daemon port>/, null when it has no name'),
    markedReady: z.boolean(),
    logFile: z.string().nullable().describe('Its output (daemon-hosted services only)'),
    updatedAt: isoSchema,
  })
  .meta({ id: 'Service' });

export const serviceListSchema = z
  .object({ services: z.array(serviceSchema) })
  .meta({ id: 'ServiceList' });

export const upRequestSchema = z
  .strictObject({
    root: z
      .string()
      .min(1)
      .max(4096)
      .refine((root) => root.startsWith('/'), 'must be an absolute path')
      .describe('The folder holding .portdaddyrc (or below it), absolute'),
    services: z
      .array(serviceName)
      .max(200)
      .optional()
      .describe('Only these and what they need; default all'),
    branch: z
      .string()
      .min(1)
      .max(255)
      .optional()
      .describe(
        'Git branch: off main/master, identities get it (made a DNS label) as a third segment',
      ),
  })
  .meta({ id: 'UpRequest' });

export const downRequestSchema = z
  .strictObject({
    project: projectSchema.optional().describe('Default: every project the daemon runs'),
    services: z.array(serviceName).max(200).optional().describe('Default: all of the project'),
  })
  .meta({ id: 'DownRequest' });

export const downResponseSchema = z
  .object({
    stopped: z.array(serviceSchema).describe('Daemon-hosted services it stopped'),
    foreground: z
      .array(serviceSchema)
      .describe('Services a foreground pd up runs: stop them there (Ctrl-C or kill its hostPid)'),
  })
  .meta({ id: 'DownResponse' });

export const waitRequestSchema = z
  .strictObject({
    identities: z.array(identityText).min(1).max(100),
    timeout: durationSchema.optional().describe('How long to wait (default 60s, at most 1h)'),
  })
  .meta({ id: 'WaitRequest' });

export const waitResponseSchema = z
  .object({
    ready: z.boolean().describe('Whether every identity is ready'),
    readyIdentities: z.array(z.string()),
    notReady: z.array(z.string()).describe('Those still not ready at the timeout'),
  })
  .meta({ id: 'WaitResponse' });

export const serviceUrlSchema = z
  .object({
    identity: z.string(),
    hostname: z.string().describe('<service>[--<branch>].<project>.localhost'),
    url: z.string(),
    port: z.number().int().nullable().describe('Its claimed port, null when none is claimed'),
  })
  .meta({ id: 'ServiceUrl' });

export type ServiceStateName = z.infer<typeof serviceStateSchema>;
export type ServiceView = z.infer<typeof serviceSchema>;
export type ServiceUrlView = z.infer<typeof serviceUrlSchema>;
export type WaitResponse = z.infer<typeof waitResponseSchema>;
export type DownResponse = z.infer<typeof downResponseSchema>;

const identityParams = serviceParamsSchema;

export const serviceRouteSpecs: RouteSpec[] = [
  {
    method: 'post',
    path: '/services/report',
    operationId: 'reportService',
    tag: 'services',
    summary: 'A foreground pd up reports a state change of one of its services',
    body: reportServiceRequestSchema,
    response: serviceSchema,
    errors: [400, 413],
  },
  {
    method: 'post',
    path: '/services/up',
    operationId: 'upServices',
    tag: 'services',
    summary:
      'pd up -d: the daemon runs a project’s services; answers once all are ready, else 409 with the failure and its last log lines',
    body: upRequestSchema,
    response: serviceListSchema,
    errors: [400, 409, 413, 503],
  },
  {
    method: 'post',
    path: '/services/down',
    operationId: 'downServices',
    tag: 'services',
    summary: 'Stop daemon-hosted services (reverse order); names the ones a foreground pd up runs',
    body: downRequestSchema,
    response: downResponseSchema,
    errors: [400, 413],
  },
  {
    method: 'post',
    path: '/services/wait',
    operationId: 'waitServices',
    tag: 'services',
    summary:
      'Wait until every identity is ready (or marked ready); answers ready: false at the timeout',
    body: waitRequestSchema,
    response: waitResponseSchema,
    errors: [400, 413],
  },
  {
    method: 'get',
    path: '/services',
    operationId: 'listServices',
    tag: 'services',
    summary:
      'Every service pd up runs or ran (or that was marked ready), optionally of one project',
    query: listServicesQuerySchema,
    response: serviceListSchema,
    errors: [400],
  },
  {
    method: 'get',
    path: '/services/{identity}',
    operationId: 'getService',
    tag: 'services',
    summary: 'One service',
    params: identityParams,
    response: serviceSchema,
    errors: [400, 404],
  },
  {
    method: 'get',
    path: '/services/{identity}/url',
    operationId: 'serviceUrl',
    tag: 'services',
    summary: 'The named local URL of an identity (known or not) and its claimed port',
    params: identityParams,
    response: serviceUrlSchema,
    errors: [400],
  },
  {
    method: 'post',
    path: '/services/{identity}/ready',
    operationId: 'markServiceReady',
    tag: 'services',
    summary: 'pd integration ready: mark a service ready (even one pd up does not run)',
    params: identityParams,
    response: serviceSchema,
    errors: [400],
  },
];
