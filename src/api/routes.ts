import type { z } from 'zod';
import { agentRouteSpecs } from './agents.js';
import { briefingRouteSpecs } from './briefing.js';
import { channelRouteSpecs } from './channels.js';
import { fileRouteSpecs } from './files.js';
import { inboxRouteSpecs } from './inbox.js';
import { lockRouteSpecs } from './locks.js';
import * as ports from './ports.js';
import { pubsubRouteSpecs } from './pubsub.js';
import { serviceRouteSpecs } from './services.js';
import { sessionRouteSpecs } from './sessions.js';
import { snapshotRouteSpecs } from './snapshots.js';
import { webhookRouteSpecs } from './webhooks.js';
import * as system from './system.js';

export interface RouteSpec {
  method: 'get' | 'post' | 'delete';
  /** OpenAPI path syntax: /ports/{port}. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  params?: z.ZodObject;
  response: z.ZodType;
  /** Error statuses this route may answer besides 403 (foreign Host/Origin) and 500. */
  errors: number[];
}

/** Every HTTP route of the daemon: the OpenAPI document and docs/api.md are generated from this. */
export const routes: RouteSpec[] = [
  {
    method: 'get',
    path: '/health',
    operationId: 'health',
    tag: 'system',
    summary: 'Liveness: answers as soon as the daemon serves',
    response: system.healthSchema,
    errors: [],
  },
  {
    method: 'get',
    path: '/status',
    operationId: 'status',
    tag: 'system',
    summary: 'Version, pid, uptime, data dir and counts',
    response: system.statusSchema,
    errors: [],
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'openApi',
    tag: 'system',
    summary: 'This API as an OpenAPI 3.0 document, generated from the schemas',
    response: system.openApiSchema,
    errors: [],
  },
  {
    method: 'get',
    path: '/admin/integrity',
    operationId: 'integrity',
    tag: 'system',
    summary: "Runs SQLite's integrity_check on the database",
    response: system.integritySchema,
    errors: [],
  },
  {
    method: 'post',
    path: '/admin/shutdown',
    operationId: 'shutdown',
    tag: 'system',
    summary: 'Graceful stop: in-flight requests finish, then the database closes',
    response: system.shutdownSchema,
    errors: [],
  },
  {
    method: 'get',
    path: '/events',
    operationId: 'listEvents',
    tag: 'system',
    summary: 'The activity log, oldest first',
    query: system.eventsQuerySchema,
    response: system.eventListSchema,
    errors: [400],
  },
  {
    method: 'post',
    path: '/claims',
    operationId: 'claimPort',
    tag: 'ports',
    summary: 'Claim a stable port for an identity (same identity, same port)',
    body: ports.claimRequestSchema,
    response: ports.claimResponseSchema,
    errors: [400, 409, 413],
  },
  {
    method: 'get',
    path: '/claims',
    operationId: 'listClaims',
    tag: 'ports',
    summary: 'List claims, optionally those matching an identity or pattern',
    query: ports.listClaimsQuerySchema,
    response: ports.claimListSchema,
    errors: [400],
  },
  {
    method: 'post',
    path: '/claims/release',
    operationId: 'releaseClaims',
    tag: 'ports',
    summary: 'Release an identity or every claim matching a pattern',
    body: ports.releaseRequestSchema,
    response: ports.releaseResponseSchema,
    errors: [400, 413],
  },
  {
    method: 'get',
    path: '/ports/{port}',
    operationId: 'whoHasPort',
    tag: 'ports',
    summary: 'Who has this port: the claim and the listening processes',
    params: ports.portParamsSchema,
    response: ports.whoResponseSchema,
    errors: [400],
  },
  ...lockRouteSpecs,
  ...pubsubRouteSpecs,
  ...channelRouteSpecs,
  ...inboxRouteSpecs,
  ...webhookRouteSpecs,
  ...agentRouteSpecs,
  ...sessionRouteSpecs,
  ...fileRouteSpecs,
  ...snapshotRouteSpecs,
  ...briefingRouteSpecs,
  ...serviceRouteSpecs,
];
