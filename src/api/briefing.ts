import { z } from 'zod';
import { agentSchema } from './agents.js';
import { fileClaimSchema } from './files.js';
import { agentIdSchema as agentId, projectSchema } from './fields.js';
import { lockSchema } from './locks.js';
import { claimSchema } from './ports.js';
import type { RouteSpec } from './routes.js';
import { noteSchema, sessionSchema } from './sessions.js';
import { activityEventSchema } from './system.js';

export const salvageParamsSchema = z.strictObject({ agent: agentId });

export const projectQuerySchema = z.strictObject({
  project: projectSchema.optional().describe('Only this project'),
});

export const claimSalvageRequestSchema = z
  .strictObject({ agent: agentId.describe('Who takes the work over: the calling agent') })
  .meta({ id: 'ClaimSalvageRequest' });

export const lookQuerySchema = z.strictObject({
  since: z.coerce
    .number()
    .int()
    .min(0)
    .describe('Epoch milliseconds: report what changed at or after this time'),
  window: z
    .string()
    .max(40)
    .optional()
    .describe('How the window is named in the summary line, e.g. 30m (default: since HH:MM)'),
});

export const changelogQuerySchema = z.strictObject({
  project: projectSchema.optional().describe('Only this project'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .optional()
    .describe('The newest N finished sessions (default 100)'),
});

const patternSchema = z.object({ root: z.string(), pattern: z.string() });

export const salvageCandidateSchema = z
  .object({
    agent: agentSchema,
    session: sessionSchema.nullable().describe('Its last session, abandoned when it died'),
    files: z.array(patternSchema).describe('What that session had claimed (released at death)'),
  })
  .meta({ id: 'SalvageCandidate' });

export const salvageListSchema = z
  .object({ agents: z.array(salvageCandidateSchema) })
  .meta({ id: 'SalvageList' });

export const salvageClaimedSchema = z
  .object({
    from: agentSchema,
    session: sessionSchema.describe('The new session continuing the work, now yours'),
    previousSession: z.string(),
    reclaimed: z.array(fileClaimSchema),
    skipped: z
      .array(
        patternSchema.extend({ holder: z.string().nullable(), purpose: z.string().nullable() }),
      )
      .describe('Patterns another live session holds now: not claimed again'),
  })
  .meta({ id: 'SalvageClaimed' });

export const salvageDismissedSchema = z
  .object({ agent: agentSchema })
  .meta({ id: 'SalvageDismissed' });

export const briefingSchema = z
  .object({
    generatedAt: z.string(),
    project: z.string().nullable(),
    agents: z.array(agentSchema).describe('Live (alive and stale) agents'),
    sessions: z.array(sessionSchema).describe('Open sessions in workflow order'),
    phases: z.record(z.string(), z.number().int()).describe('Open sessions per phase'),
    ports: z.array(claimSchema),
    files: z.array(fileClaimSchema),
    locks: z.array(lockSchema),
    notes: z.array(noteSchema).describe('The 20 newest notes'),
    salvage: z.array(salvageCandidateSchema).describe('Dead agents whose work waits'),
  })
  .meta({ id: 'Briefing' });

const changeCountsSchema = z.record(z.string(), z.number().int()).meta({ id: 'ChangeCounts' });

export const changeReportSchema = z
  .object({
    since: z.string(),
    until: z.string(),
    line: z.string().describe('One-line summary, most important first'),
    counts: changeCountsSchema,
    events: z.array(activityEventSchema).describe('Notable changes, oldest first (at most 200)'),
    truncated: z.boolean(),
    notes: z.array(noteSchema).describe('Notes written in the window (at most 50)'),
  })
  .meta({ id: 'ChangeReport' });

export const changelogSchema = z
  .object({
    projects: z.array(
      z.object({
        project: z.string().nullable(),
        agents: z.array(
          z.object({
            agent: z.string(),
            sessions: z.array(z.object({ session: sessionSchema, notes: z.array(noteSchema) })),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'Changelog' });

export type SalvageCandidateView = z.infer<typeof salvageCandidateSchema>;
export type SalvageClaimedView = z.infer<typeof salvageClaimedSchema>;
export type BriefingView = z.infer<typeof briefingSchema>;
export type ChangeReportView = z.infer<typeof changeReportSchema>;
export type ChangelogView = z.infer<typeof changelogSchema>;

export const briefingRouteSpecs: RouteSpec[] = [
  {
    method: 'get',
    path: '/salvage',
    operationId: 'listSalvage',
    tag: 'salvage',
    summary: 'Dead agents whose work waits: last session, purpose, phase, notes count, files',
    query: projectQuerySchema,
    response: salvageListSchema,
    errors: [400],
  },
  {
    method: 'post',
    path: '/salvage/{agent}/claim',
    operationId: 'claimSalvage',
    tag: 'salvage',
    summary:
      "Take a dead agent's session over: notes and purpose move to a new session of the caller, files are claimed again where free",
    params: salvageParamsSchema,
    body: claimSalvageRequestSchema,
    response: salvageClaimedSchema,
    errors: [400, 404, 409, 413],
  },
  {
    method: 'post',
    path: '/salvage/{agent}/dismiss',
    operationId: 'dismissSalvage',
    tag: 'salvage',
    summary: "Let a dead agent's work go: it leaves the salvage list; notes stay",
    params: salvageParamsSchema,
    response: salvageDismissedSchema,
    errors: [400, 404, 409],
  },
  {
    method: 'get',
    path: '/briefing',
    operationId: 'briefing',
    tag: 'salvage',
    summary:
      'One page: live agents, sessions by phase, claimed ports and files, locks, recent notes, work awaiting salvage',
    query: projectQuerySchema,
    response: briefingSchema,
    errors: [400],
  },
  {
    method: 'get',
    path: '/look',
    operationId: 'look',
    tag: 'salvage',
    summary: 'What changed since a time: a one-line summary, the notable events and the notes',
    query: lookQuerySchema,
    response: changeReportSchema,
    errors: [400],
  },
  {
    method: 'get',
    path: '/changelog',
    operationId: 'changelog',
    tag: 'salvage',
    summary: 'Finished and salvaged work by project, agent and session, with summaries and notes',
    query: changelogQuerySchema,
    response: changelogSchema,
    errors: [400],
  },
];
