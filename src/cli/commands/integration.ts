import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { printJson, printLine } from '../output.js';

export function registerIntegration(program: Command, ctx: CliContext): void {
  const integration = program
    .command('integration')
    .description('Tell port-daddy about services it does not run itself (see: integration ready)');

  integration
    .command('ready')
    .description(
      'Mark a service ready (even one started by hand): pd wait returns, a service.ready event is published',
    )
    .argument('<identity>', 'service identity, e.g. myapp:api')
    .option('--json', 'print the service as JSON')
    .addHelpText(
      'after',
      "\nExamples:\n  pd integration ready myapp:db\n  ./start-db.sh && pd integration ready myapp:db\n\nThe mark holds until the service's pd up starts a new run or stops it.",
    )
    .action(async (identity: string, options: { json?: boolean }) => {
      const service = await ctx.call((client) => client.services.markReady(identity));
      if (options.json) return printJson(service);
      printLine(`marked ${service.identity} ready`);
    });
}
