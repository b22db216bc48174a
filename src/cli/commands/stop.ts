import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { probeDaemon, startDetached, stopDaemon } from '../daemon-control.js';
import { printJson, printLine } from '../output.js';

export function registerStop(program: Command, ctx: CliContext): void {
  program
    .command('stop')
    .description('Stop the daemon gracefully: in-flight requests finish, the database closes')
    .option('--json', 'print {stopped, pid} as JSON')
    .action(async (options: { json?: boolean }) => {
      const stopped = await stopDaemon(ctx.config);
      if (options.json) return printJson({ stopped: Boolean(stopped), pid: stopped?.pid ?? null });
      printLine(
        stopped
          ? `stopped port-daddy (pid ${stopped.pid})`
          : `port-daddy is not running at ${ctx.config.url}`,
      );
    });

  program
    .command('restart')
    .description('Stop the daemon if it runs, then start it in the background')
    .option('--json', 'print {url, pid} as JSON')
    .action(async (options: { json?: boolean }) => {
      await stopDaemon(ctx.config);
      const started = (await probeDaemon(ctx.config)) ?? (await startDetached(ctx.config));
      if (options.json) return printJson({ url: started.url, pid: started.pid });
      printLine(`port-daddy restarted at ${started.url} (pid ${started.pid})`);
    });
}
