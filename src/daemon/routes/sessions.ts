import type { Context, Hono } from 'hono';
import {
  beginRequestSchema,
  doneRequestSchema,
  listNotesQuerySchema,
  listSessionsQuerySchema,
  noteRequestSchema,
  phaseRequestSchema,
  sessionNotesQuerySchema,
  sessionParamsSchema,
  type BeginSessionAnswer,
  type NoteView,
  type SessionChange,
  type SessionView,
} from '../../api/sessions.js';
import { beginSession, endSession, type Note, type Session } from '../../core/sessions/index.js';
import type { DaemonContext } from '../context.js';
import { durationField, validate } from '../http-errors.js';
import { readJson } from '../read-json.js';
import { claimView } from './ports.js';
import { agentView } from './agents.js';
import { fileClaimView } from './files.js';
import { isoTime as iso } from '../iso-time.js';

export function sessionView(session: Session): SessionView {
  const { agentId, startedAt, updatedAt, endedAt, ...rest } = session;
  return {
    ...rest,
    agent: agentId,
    startedAt: iso(startedAt),
    updatedAt: iso(updatedAt),
    endedAt: endedAt === null ? null : iso(endedAt),
  };
}

export function noteView(note: Note): NoteView {
  return {
    id: note.id,
    session: note.sessionId,
    agent: note.agentId,
    type: note.type,
    pinned: note.pinned,
    at: iso(note.at),
    text: note.text,
  };
}

const sessionIdOf = (c: Context) => validate(sessionParamsSchema, c.req.param(), 'session id').id;

export function sessionRoutes(app: Hono, ctx: DaemonContext): void {
  app.post('/sessions', async (c) => {
    const input = validate(beginRequestSchema, await readJson(c), 'begin request');
    const timeoutMs = durationField(input.timeout, 'timeout');
    const begun = await beginSession(ctx, {
      agentId: input.agent,
      purpose: input.purpose,
      identity: input.identity,
      project: input.project,
      pid: input.pid,
      timeoutMs,
      worktree: input.worktree,
      files: input.files,
    });
    const { port } = begun;
    return c.json({
      session: sessionView(begun.session),
      agent: agentView(begun.registered.agent),
      port: port
        ? { ...claimView(port.claim, ctx.ports.isAlive(port.claim)), existing: port.existing }
        : null,
      files: begun.files.map((claim) => fileClaimView(claim, begun.session.purpose)),
      deadInProject: begun.registered.deadInProject.map(agentView),
    } satisfies BeginSessionAnswer);
  });

  app.get('/sessions', (c) => {
    const query = validate(listSessionsQuerySchema, c.req.query(), 'query');
    const sessions = ctx.sessions.list({
      all: query.all,
      agentId: query.agent,
      project: query.project,
    });
    return c.json({ sessions: sessions.map(sessionView) });
  });

  app.get('/sessions/:id', (c) => c.json(sessionView(ctx.sessions.require(sessionIdOf(c)))));

  app.post('/sessions/:id/phase', async (c) => {
    const id = sessionIdOf(c);
    const { phase } = validate(phaseRequestSchema, await readJson(c), 'phase request');
    const { session, released } = endSession(ctx, id, phase);
    return c.json({ session: sessionView(session), released } satisfies SessionChange);
  });

  app.post('/sessions/:id/done', async (c) => {
    const id = sessionIdOf(c);
    const { summary } = validate(doneRequestSchema, await readJson(c), 'done request');
    const { session, released } = endSession(ctx, id, 'completed', summary);
    return c.json({ session: sessionView(session), released } satisfies SessionChange);
  });

  app.post('/sessions/:id/notes', async (c) => {
    const id = sessionIdOf(c);
    const input = validate(noteRequestSchema, await readJson(c), 'note');
    const note = ctx.events.transact(() => {
      const added = ctx.sessions.addNote(id, { ...input, agentId: input.agent });
      ctx.agents.touch(added.agentId);
      return added;
    });
    return c.json(noteView(note));
  });

  app.get('/sessions/:id/notes', (c) => {
    const id = sessionIdOf(c);
    const query = validate(sessionNotesQuerySchema, c.req.query(), 'query');
    ctx.sessions.require(id);
    return c.json({ notes: ctx.sessions.notes({ ...query, sessionId: id }).map(noteView) });
  });

  app.get('/notes', (c) => {
    const query = validate(listNotesQuerySchema, c.req.query(), 'query');
    const notes = ctx.sessions.notes({
      sessionId: query.session,
      project: query.project,
      agentId: query.agent,
      since: query.since,
      limit: query.limit,
    });
    return c.json({ notes: notes.map(noteView) });
  });
}
