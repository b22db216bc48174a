import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { printJson, printLine } from '../output.js';
import { projectHere } from '../project-here.js';

interface DownOptions {
  project?: string;
  all?: boolean;
  json?: boolean;
}

export function registerDown(program: Command, ctx: CliContext): void {
  program
    .command('down')
    .description(
      'Stop services that pd up -d runs in the daemon (dependents first) and free their ports',
    )
    .argument('[service...]', 'only these services (default: all of the project)')
    .option('--project <name>', "the project (default: the .portdaddyrc's, found from here up)")
    .option('--all', 'every project the daemon runs')
    .option('--json', 'print what stopped as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  pd down             # the project of ./.portdaddyrc\n  pd down api\n  pd down --project myapp\n  pd down --all\n\nServices of a foreground pd up are not killed from here: pd down names that pd up and its pid\n(stop it with Ctrl-C there) and exits 1.',
    )
    .action(async (services: string[], options: DownOptions) => {
      const project = options.all ? undefined : (options.project ?? (await projectHere()));
      if (project === undefined && !options.all)
        throw new CliError(
          'no .portdaddyrc here or above: pass --project <name>, or --all for every project',
          EXIT.USAGE,
        );
      const answer = await ctx.call((client) =>
        client.services.down({
          ...(project === undefined ? {} : { project }),
          ...(services.length === 0 ? {} : { services }),
        }),
      );
      if (options.json) printJson(answer);
      else {
        for (const service of answer.stopped) printLine(`stopped ${service.identity}`);
        if (answer.stopped.length === 0 && answer.foreground.length === 0)
          printLine('nothing to stop');
      }
      if (answer.foreground.length > 0) {
        const hosts = answer.foreground.map((s) => `${s.identity} (pd up pid ${s.hostPid})`);
        throw new CliError(
          `still running in a foreground pd up: ${hosts.join(', ')}; stop it there with Ctrl-C`,
          EXIT.FAILED,
        );
      }
    });
}
