import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import {
  beginRequestSchema,
  doneRequestSchema,
  phaseRequestSchema,
  sessionParamsSchema,
} from '../../api/sessions.js';
import { activeSession } from '../active-session.js';
import { defineTool } from '../define-tool.js';
import type { McpContext } from '../mcp-context.js';
import { required } from '../tool-result.js';

const begin = beginRequestSchema.shape;

/** Sessions: begin (with port and files), move through phases, finish. */
export function registerSessionTools(server: McpServer, ctx: McpContext): void {
  defineTool(server, {
    name: 'sessions',
    description:
      "Your unit of work, visible to every other agent. begin: start one with a purpose (optionally claim identity's port and files, all or none; a 409 FILES_CLAIMED names who holds what). phase: move to planning, in_progress, testing, reviewing. done: finish with a summary; releases the session's files, your locks and its port, keeps its notes. list: open sessions of every agent. phase and done act on your open session unless session is given.",
    input: {
      action: z.enum(['begin', 'phase', 'done', 'list']),
      purpose: begin.purpose.optional().describe('begin: what you are about to do'),
      identity: begin.identity,
      project: begin.project,
      files: begin.files
        .unwrap()
        .shape.paths.optional()
        .describe('begin: paths or globs relative to the worktree root to claim for the session'),
      phase: phaseRequestSchema.shape.phase.optional(),
      summary: doneRequestSchema.shape.summary.describe('done: what was done'),
      session: sessionParamsSchema.shape.id.optional().describe('Default: your open session'),
    },
    run: ({ action, purpose, identity, project, files, phase, summary, session }) =>
      ctx.call<unknown>(async (client) => {
        switch (action) {
          case 'begin':
            return client.sessions.begin({
              agent: ctx.agent,
              purpose: required(purpose, 'purpose', action),
              identity,
              project,
              pid: ctx.pid,
              timeout: `${ctx.agentTimeoutMs}ms`,
              worktree: ctx.root,
              files: files === undefined ? undefined : { root: ctx.root, paths: files },
            });
          case 'phase':
            return client.sessions.phase(
              await activeSession(client, ctx, session),
              required(phase, 'phase', action),
            );
          case 'done':
            return client.sessions.done(await activeSession(client, ctx, session), summary);
          case 'list':
            return client.sessions.list({ project });
        }
      }),
  });
}
