import type { Command } from 'commander';
import type { ServiceView } from '../../api/services.js';
import type { CliContext } from '../cli-context.js';
import { age, green, printJson, printLine, printTable, red, yellow } from '../output.js';

interface PsOptions {
  project?: string;
  all?: boolean;
  json?: boolean;
}

const RUNNING = new Set(['starting', 'ready', 'unhealthy', 'restarting']);

function health(service: ServiceView): string {
  if (service.markedReady) return green('ready (marked)');
  if (service.state === 'ready') return green('ready');
  if (service.state === 'unhealthy') return yellow('unhealthy');
  if (service.state === 'failed') return red('failed');
  return '-';
}

function host(service: ServiceView): string {
  if (service.host === 'cli') return `pd up (pid ${service.hostPid})`;
  return service.host;
}

function printServices(services: ServiceView[]): void {
  printTable(
    ['IDENTITY', 'STATE', 'PID', 'PORT', 'URL', 'UPTIME', 'RESTARTS', 'HEALTH', 'HOST'],
    services.map((service) => [
      service.identity,
      service.state,
      service.pid === null ? '-' : String(service.pid),
      service.port === null ? '-' : String(service.port),
      service.url ?? '-',
      service.startedAt !== null && RUNNING.has(service.state) ? age(service.startedAt) : '-',
      String(service.restarts),
      health(service),
      host(service),
    ]),
  );
  for (const service of services) {
    if (service.message !== null && service.state !== 'stopped')
      printLine(`  ${service.identity}: ${service.message}`);
  }
}

export function registerPs(program: Command, ctx: CliContext): void {
  program
    .command('ps')
    .description(
      'List services run by pd up (foreground or -d): state, pid, port, URL, uptime, restarts, health, host',
    )
    .option('--project <name>', 'only this project')
    .option('-a, --all', 'also show stopped services')
    .option('--json', 'print the services as a JSON array')
    .addHelpText(
      'after',
      '\nExamples:\n  pd ps\n  pd ps --project myapp --json\n  pd ps --all\n\nHOST is "pd up (pid N)" for a foreground pd up, "daemon" for pd up -d, "external" for a\nservice only marked ready with pd integration ready.',
    )
    .action(async (options: PsOptions) => {
      const { services } = await ctx.call((client) => client.services.list(options.project));
      const shown = options.all ? services : services.filter((s) => s.state !== 'stopped');
      if (options.json) return printJson(shown);
      if (shown.length === 0)
        return printLine(
          services.length === 0
            ? 'no services: start some with pd up'
            : 'no running services (pd ps --all shows stopped ones)',
        );
      printServices(shown);
    });
}
