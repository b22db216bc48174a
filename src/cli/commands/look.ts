import { InvalidArgumentError, type Command } from 'commander';
import { parseDuration } from '../../api/duration.js';
import type { ChangeReportView } from '../../api/briefing.js';
import { printNotes, printSection } from '../briefing-output.js';
import type { CliContext } from '../cli-context.js';
import { formatActivity } from '../format-activity.js';
import { bold, formatDuration, printJson, printLine } from '../output.js';

interface LookOptions {
  since: number;
  line?: boolean;
  json?: boolean;
}

/** A bare number is minutes (`--since 30`); `90s`, `2h`, `1d` also work. */
export function parseSince(value: string): number {
  const text = value.trim();
  const ms = /^\d+(\.\d+)?$/.test(text) ? parseDuration(`${text}m`) : parseDuration(text);
  if (ms === undefined)
    throw new InvalidArgumentError('must be minutes (30) or a duration such as 90s, 2h or 1d.');
  return ms;
}

function printReport(report: ChangeReportView): void {
  printLine(bold(report.line));
  if (report.events.length > 0) {
    printSection(report.truncated ? 'changes (the latest)' : 'changes', report.events.length);
    for (const event of report.events) printLine(`  ${formatActivity(event)}`);
  }
  if (report.notes.length > 0) {
    printSection('notes', report.notes.length);
    printNotes(report.notes);
  }
}

export function registerLook(program: Command, ctx: CliContext): void {
  program
    .command('look')
    .alias('sitrep')
    .description('What changed while you were away: a one-line summary first, then the details')
    .option(
      '--since <minutes|duration>',
      'how far back: a bare number is minutes; 90s, 2h, 1d also work',
      parseSince,
      30 * 60_000,
    )
    .option('--line', 'print only the summary line (for a shell prompt)')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      "\nExamples:\n  pd look\n  pd look --since 120\n  pd sitrep --since 2h\n  PS1='$(pd look --line --since 10) $ '",
    )
    .action(async (options: LookOptions) => {
      const since = Date.now() - options.since;
      const report = await ctx.call((client) =>
        client.briefing.look(since, formatDuration(options.since)),
      );
      if (options.json) return printJson(report);
      if (options.line) return printLine(report.line);
      printReport(report);
    });
}
