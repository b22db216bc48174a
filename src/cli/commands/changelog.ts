import type { Command } from 'commander';
import type { ChangelogView } from '../../api/briefing.js';
import { printNotes } from '../briefing-output.js';
import type { CliContext } from '../cli-context.js';
import { parseCount } from '../parse-options.js';
import { age, bold, dim, oneLine, printJson, printLine } from '../output.js';

function printChangelog(changelog: ChangelogView): void {
  if (changelog.projects.length === 0) return printLine('no finished or salvaged work yet');
  for (const project of changelog.projects) {
    printLine(bold(project.project ?? '(no project)'));
    for (const agent of project.agents) {
      printLine(`  ${bold(agent.agent)}`);
      for (const { session, notes } of agent.sessions) {
        const ended = session.endedAt === null ? '' : ` ${age(session.endedAt)} ago`;
        const how =
          session.salvagedTo === null ? session.phase : `salvaged into ${session.salvagedTo}`;
        printLine(`    ${session.id} ${how}${ended}: ${oneLine(session.purpose, 72)}`);
        if (session.salvagedFrom) printLine(dim(`      continues ${session.salvagedFrom}`));
        if (session.summary) printLine(`      summary: ${session.summary}`);
        printNotes(notes, '      ');
      }
    }
  }
}

export function registerChangelog(program: Command, ctx: CliContext): void {
  program
    .command('changelog')
    .description(
      'The history of finished and salvaged work: by project, agent and session, with summaries and notes',
    )
    .option('--project <project>', 'only this project')
    .option('--limit <n>', 'the newest N finished sessions (default 100)', parseCount)
    .option('--json', 'print it as JSON')
    .addHelpText('after', '\nExamples:\n  pd changelog\n  pd changelog --project myapp --limit 20')
    .action(async (options: { project?: string; limit?: number; json?: boolean }) => {
      const changelog = await ctx.call((client) =>
        client.briefing.changelog({ project: options.project, limit: options.limit }),
      );
      if (options.json) return printJson(changelog);
      printChangelog(changelog);
    });
}
