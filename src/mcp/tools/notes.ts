import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { listNotesQuerySchema, noteRequestSchema } from '../../api/sessions.js';
import { activeSession } from '../active-session.js';
import { defineTool } from '../define-tool.js';
import type { McpContext } from '../mcp-context.js';
import { required } from '../tool-result.js';

const note = noteRequestSchema.shape;
const filter = listNotesQuerySchema.shape;

/** Session notes: what an agent learnt, decided or left for whoever comes next. */
export function registerNoteTools(server: McpServer, ctx: McpContext): void {
  defineTool(server, {
    name: 'notes',
    description:
      'Notes on a session, kept after it ends and handed to whoever salvages it. write: add a note to your open session (or session) when you decide, find or hand over something (counts as a heartbeat). read: notes across sessions, filtered by session, project, author (agent) and since; the newest limit, oldest first.',
    input: {
      action: z.enum(['write', 'read']),
      text: note.text.optional().describe('write: the note'),
      type: note.type,
      pinned: note.pinned,
      session: filter.session.describe('write: default your open session; read: only this one'),
      project: filter.project,
      agent: filter.agent,
      since: filter.since,
      limit: filter.limit,
    },
    run: ({ action, text, type, pinned, session, project, agent, since, limit }) =>
      ctx.call<unknown>(async (client) => {
        if (action === 'read')
          return client.sessions.notes({ session, project, agent, since, limit });
        return client.sessions.addNote(await activeSession(client, ctx, session), {
          text: required(text, 'text', action),
          type,
          pinned,
          agent: ctx.agent,
        });
      }),
  });
}
