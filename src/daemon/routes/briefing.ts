import type { Hono } from 'hono';
import {
  changelogQuerySchema,
  claimSalvageRequestSchema,
  lookQuerySchema,
  projectQuerySchema,
  salvageParamsSchema,
  type BriefingView,
  type ChangeReportView,
  type SalvageCandidateView,
  type SalvageClaimedView,
} from '../../api/briefing.js';
import type { ActivityEvent } from '../../core/events/index.js';
import {
  buildBriefing,
  buildChangelog,
  changesSince,
  claimSalvage,
  dismissSalvage,
  listSalvage,
  type SalvageCandidate,
} from '../../core/briefing/index.js';
import type { FileClaim } from '../../core/file-claims/index.js';
import type { DaemonContext } from '../context.js';
import { validate } from '../http-errors.js';
import { readJson } from '../read-json.js';
import { agentView } from './agents.js';
import { fileClaimView } from './files.js';
import { lockView } from './locks.js';
import { claimView } from './ports.js';
import { noteView, sessionView } from './sessions.js';
import { isoTime as iso } from '../iso-time.js';

const CHANGELOG_LIMIT = 100;

const eventView = (event: ActivityEvent) => ({ ...event, at: iso(event.at) });

const hhmm = (ms: number) => new Date(ms).toTimeString().slice(0, 5);

export function briefingRoutes(app: Hono, ctx: DaemonContext): void {
  const fileView = (claim: FileClaim) => fileClaimView(claim, ctx.files.holderOf(claim).purpose);
  const candidateView = (candidate: SalvageCandidate): SalvageCandidateView => ({
    agent: agentView(candidate.agent),
    session: candidate.session && sessionView(candidate.session),
    files: candidate.files,
  });
  const projectOf = (query: Record<string, string>) =>
    validate(projectQuerySchema, query, 'query').project;

  app.get('/salvage', (c) => {
    const project = projectOf(c.req.query());
    return c.json({ agents: listSalvage(ctx, project).map(candidateView) });
  });

  app.post('/salvage/:agent/claim', async (c) => {
    const { agent } = validate(salvageParamsSchema, c.req.param(), 'agent id');
    const input = validate(claimSalvageRequestSchema, await readJson(c), 'salvage request');
    const claimed = await claimSalvage(ctx, agent, input.agent);
    const view: SalvageClaimedView = {
      from: agentView(claimed.from),
      session: sessionView(claimed.session),
      previousSession: claimed.previousSession,
      reclaimed: claimed.reclaimed.map(fileView),
      skipped: claimed.skipped,
    };
    return c.json(view);
  });

  app.post('/salvage/:agent/dismiss', (c) => {
    const { agent } = validate(salvageParamsSchema, c.req.param(), 'agent id');
    return c.json({ agent: agentView(dismissSalvage(ctx, agent)) });
  });

  app.get('/briefing', (c) => {
    const started = performance.now();
    const briefing = buildBriefing(ctx, projectOf(c.req.query()));
    const view: BriefingView = {
      generatedAt: iso(ctx.clock.now()),
      project: briefing.project,
      agents: briefing.agents.map(agentView),
      sessions: briefing.sessions.map(sessionView),
      phases: briefing.phases,
      ports: briefing.ports.map((claim) => claimView(claim, ctx.ports.isAlive(claim))),
      files: briefing.files.map(fileView),
      locks: briefing.locks.map(lockView),
      notes: briefing.notes.map(noteView),
      salvage: briefing.salvage.map(candidateView),
    };
    // Lets `npm run bench` read the server's own time, apart from the network and the client.
    c.header('Server-Timing', `app;dur=${(performance.now() - started).toFixed(2)}`);
    return c.json(view);
  });

  app.get('/look', (c) => {
    const query = validate(lookQuerySchema, c.req.query(), 'query');
    const report = changesSince(ctx, query.since, query.window ?? `since ${hhmm(query.since)}`);
    const view: ChangeReportView = {
      ...report,
      since: iso(report.since),
      until: iso(report.until),
      counts: { ...report.counts },
      events: report.events.map(eventView),
      notes: report.notes.map(noteView),
    };
    return c.json(view);
  });

  app.get('/changelog', (c) => {
    const query = validate(changelogQuerySchema, c.req.query(), 'query');
    const projects = buildChangelog(ctx, {
      project: query.project,
      limit: query.limit ?? CHANGELOG_LIMIT,
    });
    return c.json({
      projects: projects.map((project) => ({
        project: project.project,
        agents: project.agents.map((agent) => ({
          agent: agent.agent,
          sessions: agent.sessions.map((entry) => ({
            session: sessionView(entry.session),
            notes: entry.notes.map(noteView),
          })),
        })),
      })),
    });
  });
}
