import type { Command } from 'commander';
import { packageVersion } from '../../config/index.js';
import type { CliContext } from '../cli-context.js';
import { formatDuration, printJson, printLine, bold } from '../output.js';

export function registerStatus(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description(
      'Show the running daemon: version, pid, uptime, data dir and counts (exit 3 if not running)',
    )
    .option('--json', 'print the status object as JSON')
    .action(async (options: { json?: boolean }) => {
      const status = await ctx.query((client) => client.status());
      if (options.json) return printJson(status);
      const rows: [string, string][] = [
        ['url', status.url],
        ['version', status.version],
        ['pid', String(status.pid)],
        ['uptime', formatDuration(status.uptimeMs)],
        ['data dir', status.dataDir],
        ['port range', `${status.range.start}-${status.range.end}`],
        ['revision', String(status.revision)],
        ['schema', `v${status.schemaVersion}`],
        ['claims', String(status.counts.claims)],
        ['events', String(status.counts.events)],
      ];
      printLine(bold('port-daddy is running'));
      for (const [name, value] of rows) printLine(`  ${name.padEnd(11)}${value}`);
    });

  program
    .command('version')
    .description("Print the CLI's version (and the daemon's, if it runs)")
    .option('--json', 'print {cli, daemon} as JSON')
    .action(async (options: { json?: boolean }) => {
      const daemon = await ctx.client.health().then(
        (health) => health.version,
        () => null,
      );
      if (options.json) return printJson({ cli: packageVersion(), daemon });
      printLine(`pd ${packageVersion()}${daemon ? ` (daemon ${daemon})` : ''}`);
    });
}
