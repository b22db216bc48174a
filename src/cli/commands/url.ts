import type { Command } from 'commander';
import { PD_LOCAL_ROOT, serviceHostname, serviceUrl } from '../../api/service-host.js';
import type { CliContext } from '../cli-context.js';
import { pdLocalSetup } from '../pd-local-setup.js';
import { printJson, printLine } from '../output.js';

export function registerUrl(program: Command, ctx: CliContext): void {
  program
    .command('url')
    .description(
      "Print a service's named local URL: http://<service>.<project>.localhost:<daemon port>/",
    )
    .argument('<identity>', 'project:service or project:service:branch')
    .option('--json', 'print identity, hostname, url and claimed port as JSON')
    .option(
      '--pd-local',
      'print the opt-in http://<service>.<project>.pd.local:<port>/ name, and on stderr the resolver set-up it needs',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  pd url myapp:api              # http://api.myapp.localhost:9876/\n  pd url myapp:api:feat-login   # http://api--feat-login.myapp.localhost:9876/\n  curl "$(pd url myapp:api)health"\n\n*.localhost resolves to 127.0.0.1 without any setup; the daemon proxies the name to the\nservice\'s claimed port.',
    )
    .action(async (identity: string, options: { json?: boolean; pdLocal?: boolean }) => {
      const answer = await ctx.call((client) => client.services.url(identity));
      if (options.pdLocal) {
        const url = serviceUrl(answer.identity, Number(new URL(answer.url).port), PD_LOCAL_ROOT);
        process.stderr.write(pdLocalSetup());
        if (options.json)
          return printJson({
            ...answer,
            hostname: serviceHostname(answer.identity, PD_LOCAL_ROOT),
            url,
          });
        return printLine(url ?? answer.url);
      }
      if (options.json) return printJson(answer);
      printLine(answer.url);
    });
}
