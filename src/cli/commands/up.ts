import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { printJson, printTable } from '../output.js';
import { runForeground } from '../up-foreground.js';

interface UpOptions {
  detach?: boolean;
  json?: boolean;
}

const EXAMPLES = `
Reads .portdaddyrc from this folder or a parent. Each service gets its stable port (identity
project:service, plus :branch off main/master), starts once what it needs is ready, and logs
as "service | line". Ctrl-C stops them all (dependents first; a second Ctrl-C kills at once).
Exits 1 when a service does not become ready, after printing its last lines.

Examples:
  pd up                 start every service, in the foreground
  pd up web             start web and what it needs
  pd up -d              let the daemon run them; pd ps shows them, pd down stops them
  pd up --json | jq .   one JSON object a line: {"type":"status",...} and {"type":"log",...}`;

export function registerUp(program: Command, ctx: CliContext): void {
  program
    .command('up')
    .description('Start the services of .portdaddyrc in dependency order, on their stable ports')
    .argument('[services...]', 'only these (and what they need); default all')
    .option('-d, --detach', 'let the daemon run them (stop them with pd down)')
    .option('--json', 'print state changes and log lines as JSON, one object a line')
    .addHelpText('after', EXAMPLES)
    .action(async (services: string[], options: UpOptions) => {
      const { loadProjectConfig, ConfigError } =
        await import('../../orchestrator/load-project-config.js');
      const { readGitPlace } = await import('../../client/git-place.js');
      let loaded;
      try {
        loaded = await loadProjectConfig(process.cwd());
      } catch (error) {
        throw error instanceof ConfigError ? new CliError(error.message, EXIT.FAILED) : error;
      }
      const branch = (await readGitPlace(loaded.root))?.branch;
      const only = services.length > 0 ? services : undefined;
      if (!options.detach) {
        process.exitCode = await runForeground(ctx, loaded, { branch, only, json: options.json });
        return;
      }
      const answer = await ctx.call((client) =>
        client.services.up({ root: loaded.root, services: only, branch }),
      );
      if (options.json) return printJson(answer);
      printTable(
        ['SERVICE', 'STATE', 'PORT', 'URL'],
        answer.services.map((service) => [
          service.name,
          service.state,
          String(service.port ?? '-'),
          service.url ?? '-',
        ]),
      );
    });
}
