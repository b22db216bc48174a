import type { Context, Hono } from 'hono';
import { PdError } from '../../api/errors.js';
import {
  agentParamsSchema,
  listAgentsQuerySchema,
  registerAgentRequestSchema,
  type AgentView,
} from '../../api/agents.js';
import { checkAgentId, MIN_AGENT_TIMEOUT_MS, type Agent } from '../../core/agents/index.js';
import type { DaemonContext } from '../context.js';
import { durationField, validate } from '../http-errors.js';
import { readJson } from '../read-json.js';
import { isoTimeOrNull as iso } from '../iso-time.js';

export function agentView(agent: Agent): AgentView {
  const live = agent.state === 'alive' || agent.state === 'stale';
  return {
    ...agent,
    registeredAt: iso(agent.registeredAt)!,
    heartbeatAt: iso(agent.heartbeatAt)!,
    staleAt: live ? iso(agent.heartbeatAt + Math.ceil(agent.timeoutMs / 2)) : null,
    deadAt: live ? iso(agent.heartbeatAt + agent.timeoutMs) : null,
    endedAt: iso(agent.endedAt),
  };
}

/** The id of the path; the core check names the bad value, which zod's message would not. */
function idOf(c: Context): string {
  checkAgentId(c.req.param('id') ?? '');
  return validate(agentParamsSchema, c.req.param(), 'agent id').id;
}

function notFound(id: string): PdError {
  return new PdError('NOT_FOUND', `no agent ${id}; register it with: pd agent register`, {
    agent: id,
  });
}

export function agentRoutes(app: Hono, ctx: DaemonContext): void {
  app.post('/agents', async (c) => {
    const body = await readJson(c);
    // The core check names the bad id, which zod's message would not.
    const given = (body as { agent?: unknown } | null)?.agent;
    if (typeof given === 'string') checkAgentId(given);
    const input = validate(registerAgentRequestSchema, body, 'agent registration');
    const timeoutMs = durationField(input.timeout, 'timeout');
    if (timeoutMs !== undefined && timeoutMs < MIN_AGENT_TIMEOUT_MS) {
      throw new PdError('INVALID_INPUT', `invalid timeout "${input.timeout}": at least 1s`, {
        issues: [{ path: 'timeout', message: 'shorter than 1s' }],
      });
    }
    const result = ctx.agents.register({
      id: input.agent,
      name: input.name,
      identity: input.identity,
      project: input.project,
      purpose: input.purpose,
      pid: input.pid,
      timeoutMs,
    });
    return c.json({
      agent: agentView(result.agent),
      created: result.created,
      deadInProject: result.deadInProject.map(agentView),
    });
  });

  // The hot path (every agent, every few seconds): no body to read, one UPDATE.
  app.post('/agents/:id/heartbeat', (c) => c.json(agentView(ctx.agents.heartbeat(idOf(c)))));

  app.get('/agents', (c) => {
    const query = validate(listAgentsQuerySchema, c.req.query(), 'agent query');
    const agents = ctx.agents.list({ project: query.project, all: query.all });
    return c.json({ agents: agents.map(agentView) });
  });

  app.get('/agents/:id', (c) => {
    const id = idOf(c);
    const agent = ctx.agents.get(id);
    if (!agent) throw notFound(id);
    return c.json(agentView(agent));
  });

  app.post('/agents/:id/unregister', (c) => {
    const id = idOf(c);
    // One transaction: the agent is never seen gone while its holdings are still held.
    const { agent, released } = ctx.events.transact(() => {
      const left = ctx.agents.unregister(id);
      return { agent: left, released: ctx.recovery.releaseHoldings(left) };
    });
    return c.json({ agent: agentView(agent), released });
  });
}
