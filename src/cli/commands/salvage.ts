import type { Command } from 'commander';
import type { SalvageCandidateView, SalvageClaimedView } from '../../api/briefing.js';
import { newAgentId } from '../agent-id.js';
import type { CliContext } from '../cli-context.js';
import { age, bold, dim, oneLine, printJson, printLine, printTable } from '../output.js';
import { resolveAgentId, saveSessionContext } from '../session-context.js';

interface ListOptions {
  project?: string;
  json?: boolean;
}

function printCandidates(candidates: SalvageCandidateView[]): void {
  if (candidates.length === 0) return printLine('no dead agents with work waiting');
  printTable(
    ['AGENT', 'DIED', 'WHY', 'SESSION', 'PHASE', 'NOTES', 'PURPOSE', 'FILES'],
    candidates.map(({ agent, session, files }) => [
      agent.id,
      agent.endedAt === null ? '-' : `${age(agent.endedAt)} ago`,
      agent.endReason ?? '-',
      session?.id ?? '-',
      session?.phase ?? '-',
      String(session?.notes ?? 0),
      oneLine(session?.purpose ?? agent.purpose ?? '-'),
      files.length === 0 ? '-' : files.map((file) => file.pattern).join(' '),
    ]),
  );
  printLine(
    dim('\nTake one over: pd salvage claim <agent>   Let it go: pd salvage dismiss <agent>'),
  );
}

function printClaimed(claimed: SalvageClaimedView, agent: string): void {
  const { session } = claimed;
  printLine(
    `${bold(session.id)} continues ${claimed.previousSession} of ${claimed.from.id}: ${session.purpose}`,
  );
  printLine(`phase ${session.phase}, ${session.notes} notes moved over (pd notes to read them)`);
  if (claimed.reclaimed.length > 0)
    printLine(`files claimed again: ${claimed.reclaimed.map((c) => c.pattern).join(', ')}`);
  for (const skipped of claimed.skipped) {
    const holder = skipped.holder ? ` (held by ${skipped.holder}` : ' (held';
    const purpose = skipped.purpose ? `: ${skipped.purpose})` : ')';
    printLine(`not claimed: ${skipped.pattern}${holder}${purpose}`);
  }
  printLine(`export PORT_DADDY_AGENT=${agent}`);
}

export function registerSalvage(program: Command, ctx: CliContext): void {
  const salvage = program
    .command('salvage')
    .description("List dead agents' unfinished work, then take it over (claim) or let it go")
    .option('--project <project>', 'only this project')
    .option('--json', 'print the list as JSON')
    .addHelpText(
      'after',
      `
An agent is dead when its --pid exited or it sent no heartbeat for its timeout. Its ports,
locks and files were released then; its session (purpose, phase, notes, file list) waits here.

Examples:
  pd salvage --project myapp
  pd salvage claim agent-3f9a1c      # continue its session as yourself
  pd salvage dismiss agent-3f9a1c    # nobody will; drop it from the list`,
    )
    .action(async (options: ListOptions) => {
      const { agents } = await ctx.call((client) => client.briefing.salvage(options.project));
      if (options.json) return printJson({ agents });
      printCandidates(agents);
    });

  salvage
    .command('claim')
    .description(
      "Continue a dead agent's session: its notes, purpose and identity move to a new session of yours, its files are claimed again where free",
    )
    .argument('<agent>', 'the dead agent, as pd salvage lists it')
    .option('--agent <id>', 'who takes over (default: $PORT_DADDY_AGENT, else a new agent-<hex>)')
    .option('-q, --quiet', 'print only the new session id')
    .option('--json', 'print the answer as JSON')
    .action(async (dead: string, options: { agent?: string; quiet?: boolean; json?: boolean }) => {
      const agent = resolveAgentId(options.agent) ?? newAgentId();
      const claimed = await ctx.call((client) => client.briefing.claimSalvage(dead, agent));
      await saveSessionContext({
        agent,
        session: claimed.session.id,
        url: ctx.config.url,
        identity: claimed.session.identity ?? undefined,
        purpose: claimed.session.purpose,
      });
      if (options.json) return printJson(claimed);
      if (options.quiet) return printLine(claimed.session.id);
      printClaimed(claimed, agent);
    });

  salvage
    .command('dismiss')
    .description("Let a dead agent's work go: it leaves the list; its notes stay readable")
    .argument('<agent>', 'the dead agent')
    .option('--json', 'print the agent as JSON')
    .action(async (dead: string, options: { json?: boolean }) => {
      const { agent } = await ctx.call((client) => client.briefing.dismissSalvage(dead));
      if (options.json) return printJson({ agent });
      printLine(`dismissed ${agent.id}: it no longer waits for salvage`);
    });
}
