import type { Command } from 'commander';
import type { BriefingView } from '../../api/briefing.js';
import { printNotes, printSalvageLines, printSection } from '../briefing-output.js';
import type { CliContext } from '../cli-context.js';
import { age, bold, oneLine, printJson, printLine, printTable } from '../output.js';

function printBriefing(briefing: BriefingView): void {
  const scope = briefing.project === null ? 'all projects' : `project ${briefing.project}`;
  printLine(bold(`briefing: ${scope}, ${briefing.generatedAt}`));

  printSection('agents', briefing.agents.length);
  if (briefing.agents.length === 0) printLine('  none live');
  else
    printTable(
      ['  ID', 'STATE', 'IDENTITY', 'PURPOSE', 'HEARTBEAT'],
      briefing.agents.map((agent) => [
        `  ${agent.id}`,
        agent.state,
        agent.identity ?? '-',
        oneLine(agent.purpose),
        `${age(agent.heartbeatAt)} ago`,
      ]),
    );

  const phases = Object.entries(briefing.phases)
    .map(([phase, count]) => `${count} ${phase}`)
    .join(', ');
  printSection(`sessions${phases ? `: ${phases}` : ''}`);
  if (briefing.sessions.length === 0) printLine('  none open');
  else
    printTable(
      ['  SESSION', 'AGENT', 'PHASE', 'NOTES', 'STARTED', 'PURPOSE'],
      briefing.sessions.map((session) => [
        `  ${session.id}`,
        session.agent,
        session.phase,
        String(session.notes),
        `${age(session.startedAt)} ago`,
        oneLine(session.purpose),
      ]),
    );

  printSection('ports', briefing.ports.length);
  for (const claim of briefing.ports)
    printLine(`  ${String(claim.port).padEnd(6)}${claim.identity}  ${claim.owner ?? ''}`.trimEnd());

  printSection('files', briefing.files.length);
  for (const file of briefing.files) {
    const mode = file.shared ? ' (shared)' : '';
    const purpose = file.purpose ? `: ${oneLine(file.purpose, 40)}` : '';
    printLine(`  ${file.pattern}${mode}  ${file.agent}${purpose}`);
  }

  printSection('locks', briefing.locks.length);
  for (const lock of briefing.locks)
    printLine(`  ${lock.name}  ${lock.owner}  token ${lock.token}  ${age(lock.acquiredAt)} ago`);

  printSection('recent notes', briefing.notes.length);
  printNotes(briefing.notes);

  printSection('awaiting salvage', briefing.salvage.length);
  printSalvageLines(briefing.salvage);
}

export function registerBriefing(program: Command, ctx: CliContext): void {
  program
    .command('briefing')
    .description(
      'One page: live agents, sessions by phase, claimed ports and files, locks, recent notes, dead agents awaiting salvage',
    )
    .option('--project <project>', 'only this project')
    .option('--json', 'print the briefing as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  pd briefing\n  pd briefing --project myapp --json\n\nSee also: pd look (what changed lately), pd salvage, pd changelog',
    )
    .action(async (options: { project?: string; json?: boolean }) => {
      const briefing = await ctx.call((client) => client.briefing.briefing(options.project));
      if (options.json) return printJson(briefing);
      printBriefing(briefing);
    });
}
