import fs from 'node:fs';
import type { Command } from 'commander';
import { dataPaths } from '../../config/index.js';
import type { CliContext } from '../cli-context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { parseCount } from '../parse-options.js';
import { findServiceForLogs, logFileOf } from '../service-log.js';

interface LogsOptions {
  daemon?: boolean;
  lines: number;
  follow?: boolean;
}

function tail(file: string, lines: number): string {
  const text = fs.readFileSync(file, 'utf8');
  const all = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  return all.slice(-lines).join('\n') + '\n';
}

function follow(file: string, from: number): Promise<never> {
  let offset = from;
  return new Promise(() => {
    setInterval(() => {
      const size = fs.existsSync(file) ? fs.statSync(file).size : 0;
      if (size < offset) offset = 0; // rotated
      if (size === offset) return;
      const fd = fs.openSync(file, 'r');
      const buffer = Buffer.alloc(size - offset);
      fs.readSync(fd, buffer, 0, buffer.length, offset);
      fs.closeSync(fd);
      offset = size;
      process.stdout.write(buffer);
    }, 250);
  });
}

export function registerLogs(program: Command, ctx: CliContext): void {
  program
    .command('logs')
    .description(
      "Show a service's output (pd up -d runs; rotated at 1 MB), or --daemon: the daemon's own log",
    )
    .argument(
      '[service]',
      'service name (of the .portdaddyrc here) or identity, e.g. api or myapp:api',
    )
    .option('--daemon', "the daemon's log")
    .option('-n, --lines <n>', 'how many lines from the end', parseCount, 50)
    .option('-f, --follow', 'keep printing new lines')
    .addHelpText(
      'after',
      '\nExamples:\n  pd logs api -f\n  pd logs myapp:api -n 200\n  pd logs --daemon',
    )
    .action(async (service: string | undefined, options: LogsOptions) => {
      if (options.daemon && service !== undefined)
        throw new CliError('pass a service or --daemon, not both', EXIT.USAGE);
      if (!options.daemon && service === undefined)
        throw new CliError('which log? pd logs <service>, or pd logs --daemon', EXIT.USAGE);
      const file =
        service === undefined
          ? dataPaths(ctx.config.home).log
          : logFileOf(await findServiceForLogs(ctx, service));
      if (!fs.existsSync(file))
        throw new CliError(
          service === undefined
            ? `no daemon log at ${file}: the daemon has not run with this data dir`
            : `no log at ${file} yet`,
          EXIT.FAILED,
        );
      ctx.close();
      process.stdout.write(tail(file, options.lines));
      if (options.follow) await follow(file, fs.statSync(file).size);
    });
}
