import { z } from 'zod';
import { durationSchema } from './common.js';
import {
  agentIdSchema as agentId,
  flagSchema as flag,
  isoSchema as iso,
  projectSchema as project,
  pidSchema,
} from './fields.js';
import type { RouteSpec } from './routes.js';

export const agentParamsSchema = z.strictObject({ id: agentId });

export const registerAgentRequestSchema = z
  .strictObject({
    agent: agentId,
    name: z.string().min(1).max(1000).optional().describe('Display name; default: the id'),
    identity: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('What it works on: project[:stack[:context]], e.g. myapp:api'),
    project: project
      .optional()
      .describe('Default: the first segment of the identity; groups agents for salvage'),
    purpose: z.string().min(1).max(1000).optional().describe('What it is doing, in a sentence'),
    pid: pidSchema.optional().describe('Dead as soon as this process is gone'),
    timeout: durationSchema
      .optional()
      .describe(
        'Dead after this long without a heartbeat, stale at half; at least 1s (default 10m)',
      ),
  })
  .meta({ id: 'RegisterAgentRequest' });

export const listAgentsQuerySchema = z.strictObject({
  project: project.optional().describe('Only agents of this project'),
  all: flag.optional().describe('Also dead and left agents'),
});

export const agentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    project: z.string().nullable(),
    identity: z.string().nullable(),
    purpose: z.string().nullable(),
    pid: z.number().int().nullable(),
    registeredAt: iso,
    heartbeatAt: iso.describe('Last heartbeat (registering counts as one)'),
    timeoutMs: z.number().int(),
    state: z
      .enum(['alive', 'stale', 'dead', 'left'])
      .describe('stale: no heartbeat for half the timeout; dead: pid gone or timed out'),
    staleAt: iso.nullable().describe('When it turns stale without a heartbeat; null once ended'),
    deadAt: iso.nullable().describe('When it dies without a heartbeat; null once ended'),
    endedAt: iso.nullable().describe('When it died or unregistered'),
    endReason: z.enum(['pid-dead', 'timeout', 'unregistered']).nullable(),
    salvage: z
      .enum(['pending', 'claimed', 'dismissed'])
      .nullable()
      .describe('Where its unfinished work stands (see pd salvage)'),
  })
  .meta({ id: 'Agent' });

export const registerAgentResultSchema = z
  .object({
    agent: agentSchema,
    created: z.boolean().describe('False when the id was registered already (now updated)'),
    deadInProject: z
      .array(agentSchema)
      .describe('Dead agents of the same project whose work waits for pd salvage'),
  })
  .meta({ id: 'RegisterAgentResult' });

export const agentListSchema = z.object({ agents: z.array(agentSchema) }).meta({ id: 'AgentList' });

export const releasedHoldingsSchema = z
  .object({
    agent: z.string(),
    ports: z.array(z.string()).describe('Identities whose port claims were released'),
    locks: z.array(z.string()).describe('Names of the locks released'),
    files: z.number().int().describe('File claims released'),
    abandonedSessions: z
      .array(z.string())
      .describe('Open sessions now abandoned, waiting for pd salvage'),
  })
  .meta({ id: 'ReleasedHoldings' });

export const unregisterAgentResultSchema = z
  .object({ agent: agentSchema, released: releasedHoldingsSchema })
  .meta({ id: 'UnregisterAgentResult' });

export type AgentView = z.infer<typeof agentSchema>;
export type RegisterAgentRequest = z.input<typeof registerAgentRequestSchema>;
export type RegisterAgentResultView = z.infer<typeof registerAgentResultSchema>;
export type UnregisterAgentResultView = z.infer<typeof unregisterAgentResultSchema>;

export const agentRouteSpecs: RouteSpec[] = [
  {
    method: 'post',
    path: '/agents',
    operationId: 'registerAgent',
    tag: 'agents',
    summary: 'Register (or update, or revive) an agent; answers the dead agents of its project',
    body: registerAgentRequestSchema,
    response: registerAgentResultSchema,
    errors: [400, 413],
  },
  {
    method: 'post',
    path: '/agents/{id}/heartbeat',
    operationId: 'heartbeatAgent',
    tag: 'agents',
    summary: 'Say the agent is still there (a dead or left one comes back alive)',
    params: agentParamsSchema,
    response: agentSchema,
    errors: [400, 404],
  },
  {
    method: 'get',
    path: '/agents',
    operationId: 'listAgents',
    tag: 'agents',
    summary: 'Alive and stale agents; all=true adds dead and left ones',
    query: listAgentsQuerySchema,
    response: agentListSchema,
    errors: [400],
  },
  {
    method: 'get',
    path: '/agents/{id}',
    operationId: 'getAgent',
    tag: 'agents',
    summary: 'One agent, with its liveness',
    params: agentParamsSchema,
    response: agentSchema,
    errors: [400, 404],
  },
  {
    method: 'post',
    path: '/agents/{id}/unregister',
    operationId: 'unregisterAgent',
    tag: 'agents',
    summary: 'The agent leaves: releases its ports, locks and file claims; abandons its sessions',
    params: agentParamsSchema,
    response: unregisterAgentResultSchema,
    errors: [400, 404],
  },
];
