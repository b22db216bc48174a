import { z } from 'zod';
import { agentSchema } from './agents.js';
import { durationSchema } from './common.js';
import { fileClaimSchema } from './files.js';
import {
  agentIdSchema as agentId,
  flagSchema as flag,
  isoSchema as iso,
  projectSchema as project,
  pidSchema,
} from './fields.js';
import type { RouteSpec } from './routes.js';
import {
  NOTE_TYPE_NAMES,
  PHASE_NAMES,
  type NoteTypeName,
  type PhaseName,
} from './session-phases.js';
import { claimResponseSchema } from './ports.js';

export { NOTE_TYPE_NAMES, PHASE_NAMES, type NoteTypeName, type PhaseName };
/** The longest note or summary text. */
export const MAX_NOTE_TEXT = 65_536;

const sessionId = z
  .string()
  .regex(/^ses-[0-9a-f]{12}$/, 'not a session id (ses- and 12 hex digits)')
  .describe('Session id, e.g. ses-3f9a1c0b7e21');
const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((value) => value.startsWith('/'), 'must be an absolute path');
const phase = z
  .enum(PHASE_NAMES)
  .describe('planning, in_progress, testing, reviewing; completed and abandoned end it');
const noteType = z.enum(NOTE_TYPE_NAMES).describe('What kind of note (default progress)');
const since = z
  .string()
  .transform((value, ctx) => {
    const ms = /^\d{1,15}$/.test(value) ? Number(value) : Date.parse(value);
    if (Number.isNaN(ms))
      ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 time or epoch milliseconds' });
    return ms;
  })
  .describe('Only notes written at or after this time: ISO 8601 or epoch milliseconds');
const limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(1000)
  .describe('The newest N, oldest first (default 100)');

export const sessionParamsSchema = z.strictObject({ id: sessionId });

export const beginRequestSchema = z
  .strictObject({
    agent: agentId,
    purpose: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .describe('What the session is for (plaintext: shown in listings and conflicts)'),
    identity: z
      .string()
      .max(200)
      .optional()
      .describe('Claim a port for this identity (owner: the agent)'),
    project: project.optional(),
    pid: pidSchema.optional().describe("The agent's process: it dies, the agent dies"),
    timeout: durationSchema.optional().describe('Heartbeat timeout of the agent (default 10m)'),
    worktree: absolutePath.optional().describe('The git root the session works in'),
    files: z
      .strictObject({
        root: absolutePath.describe('Git root the paths are relative to'),
        paths: z.array(z.string().min(1).max(4096)).min(1).max(1000).describe('Paths or globs'),
      })
      .optional()
      .describe('Claim these files for the session (all or none)'),
  })
  .meta({ id: 'BeginSessionRequest' });

export const phaseRequestSchema = z.strictObject({ phase }).meta({ id: 'PhaseRequest' });

export const noteRequestSchema = z
  .strictObject({
    text: z.string().min(1).max(MAX_NOTE_TEXT).describe('The note (stored encrypted)'),
    type: noteType.optional(),
    pinned: z.boolean().optional().describe('Pinned notes stay at the top of briefings'),
    agent: agentId.optional().describe("The author (default: the session's agent)"),
  })
  .meta({ id: 'NoteRequest' });

export const doneRequestSchema = z
  .strictObject({
    summary: z.string().max(MAX_NOTE_TEXT).optional().describe('What was done (stored encrypted)'),
  })
  .meta({ id: 'DoneRequest' });

export const listSessionsQuerySchema = z.strictObject({
  all: flag.optional().describe('Ended sessions too'),
  agent: agentId.optional(),
  project: project.optional(),
});

export const sessionNotesQuerySchema = z.strictObject({
  since: since.optional(),
  limit: limit.optional(),
});

export const listNotesQuerySchema = z.strictObject({
  session: sessionId.optional(),
  project: project.optional(),
  agent: agentId.optional().describe('Notes written by this agent'),
  since: since.optional(),
  limit: limit.optional(),
});

export const sessionSchema = z
  .object({
    id: z.string(),
    agent: z.string(),
    project: z.string().nullable(),
    identity: z.string().nullable(),
    purpose: z.string(),
    phase,
    worktree: z.string().nullable(),
    startedAt: iso,
    updatedAt: iso,
    endedAt: iso.nullable(),
    summary: z.string().nullable().describe('What `done` said'),
    salvagedFrom: z.string().nullable().describe('The abandoned session this one continues'),
    salvagedTo: z.string().nullable().describe('The session that continues this one'),
    notes: z.number().int().describe('How many notes it holds'),
  })
  .meta({ id: 'Session' });

export const noteSchema = z
  .object({
    id: z.number().int(),
    session: z.string(),
    agent: z.string().describe('Who wrote it'),
    type: noteType,
    pinned: z.boolean(),
    at: iso,
    text: z.string(),
  })
  .meta({ id: 'Note' });

export const sessionListSchema = z
  .object({ sessions: z.array(sessionSchema) })
  .meta({ id: 'SessionList' });
export const noteListSchema = z.object({ notes: z.array(noteSchema) }).meta({ id: 'NoteList' });

export const beginAnswerSchema = z
  .object({
    session: sessionSchema,
    agent: agentSchema.describe('The registered agent (begin counts as a heartbeat)'),
    port: claimResponseSchema
      .nullable()
      .describe("The identity's port, when an identity was given"),
    files: z.array(fileClaimSchema).describe('The file claims made for the session'),
    deadInProject: z
      .array(agentSchema)
      .describe('Dead agents of the same project whose work waits for `pd salvage`'),
  })
  .meta({ id: 'BeginSessionAnswer' });

export const sessionReleasedSchema = z
  .object({
    files: z.number().int().describe('File claims of the session released'),
    locks: z.array(z.string()).describe("The agent's locks released"),
    ports: z
      .array(z.string())
      .describe("Identities released: the session's, if the agent owned it"),
  })
  .meta({ id: 'SessionReleased' });

export const sessionEndSchema = z
  .object({
    session: sessionSchema,
    released: sessionReleasedSchema
      .nullable()
      .describe('What completing released; null when the session did not complete'),
  })
  .meta({ id: 'SessionChange' });

export type SessionView = z.infer<typeof sessionSchema>;
export type NoteView = z.infer<typeof noteSchema>;
export type BeginSessionAnswer = z.infer<typeof beginAnswerSchema>;
export type SessionChange = z.infer<typeof sessionEndSchema>;
export type BeginSessionRequest = z.input<typeof beginRequestSchema>;
export type NoteRequest = z.input<typeof noteRequestSchema>;

const sessionPath = (suffix = '') => `/sessions/{id}${suffix}`;

export const sessionRouteSpecs: RouteSpec[] = [
  {
    method: 'post',
    path: '/sessions',
    operationId: 'beginSession',
    tag: 'sessions',
    summary: 'Begin: register the agent, claim the port and files, start a session in planning',
    body: beginRequestSchema,
    response: beginAnswerSchema,
    errors: [400, 409, 413],
  },
  {
    method: 'get',
    path: '/sessions',
    operationId: 'listSessions',
    tag: 'sessions',
    summary: 'Open sessions, newest first (all: ended ones too)',
    query: listSessionsQuerySchema,
    response: sessionListSchema,
    errors: [400],
  },
  {
    method: 'get',
    path: sessionPath(),
    operationId: 'getSession',
    tag: 'sessions',
    summary: 'One session, with its summary',
    params: sessionParamsSchema,
    response: sessionSchema,
    errors: [400, 404],
  },
  {
    method: 'post',
    path: sessionPath('/phase'),
    operationId: 'setSessionPhase',
    tag: 'sessions',
    summary: 'Move to another phase; completed releases like done; nothing leaves an ended session',
    params: sessionParamsSchema,
    body: phaseRequestSchema,
    response: sessionEndSchema,
    errors: [400, 404, 409, 413],
  },
  {
    method: 'post',
    path: sessionPath('/notes'),
    operationId: 'addNote',
    tag: 'sessions',
    summary: 'Add a note (encrypted at rest); counts as a heartbeat of the agent',
    params: sessionParamsSchema,
    body: noteRequestSchema,
    response: noteSchema,
    errors: [400, 404, 409, 413],
  },
  {
    method: 'get',
    path: sessionPath('/notes'),
    operationId: 'sessionNotes',
    tag: 'sessions',
    summary: "A session's notes, oldest first",
    params: sessionParamsSchema,
    query: sessionNotesQuerySchema,
    response: noteListSchema,
    errors: [400, 404],
  },
  {
    method: 'post',
    path: sessionPath('/done'),
    operationId: 'finishSession',
    tag: 'sessions',
    summary:
      "Complete: releases the session's files, the agent's locks and its identity's port; keeps the notes",
    params: sessionParamsSchema,
    body: doneRequestSchema,
    response: sessionEndSchema,
    errors: [400, 404, 409, 413],
  },
  {
    method: 'get',
    path: '/notes',
    operationId: 'listNotes',
    tag: 'sessions',
    summary:
      'Notes across sessions, by session, project, author or time; the newest N, oldest first',
    query: listNotesQuerySchema,
    response: noteListSchema,
    errors: [400],
  },
];
