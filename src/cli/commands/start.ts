import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { probeDaemon, startDetached } from '../daemon-control.js';
import { CliError } from '../exit-codes.js';
import { printJson, printLine } from '../output.js';
import { parsePort } from '../parse-options.js';

interface StartOptions {
  foreground?: boolean;
  port?: number;
  json?: boolean;
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('Start the daemon in the background and wait until it answers')
    .option('--foreground', 'run in this terminal, logging to stderr; Ctrl-C stops it')
    .option('-p, --port <port>', "listen on this port instead of PORT_DADDY_URL's", parsePort)
    .option('--json', 'print {url, pid, alreadyRunning} as JSON')
    .action(async (options: StartOptions) => {
      const config = loadConfig(process.env, { port: options.port });
      if (options.foreground) {
        const { runDaemon } = await import('../../daemon/main.js');
        await runDaemon(config, true);
        return;
      }
      const running = await probeDaemon(config);
      if (running && running.dataDir !== config.home) {
        throw new CliError(
          `a port-daddy daemon with data dir ${running.dataDir} already runs at ${running.url} (pid ${running.pid}); stop it, or use another PORT_DADDY_URL for ${config.home}`,
        );
      }
      const daemon = running ?? (await startDetached(config));
      if (options.json)
        return printJson({ url: daemon.url, pid: daemon.pid, alreadyRunning: Boolean(running) });
      printLine(
        running
          ? `port-daddy is already running at ${daemon.url} (pid ${daemon.pid})`
          : `port-daddy started at ${daemon.url} (pid ${daemon.pid}, data ${config.home})`,
      );
    });
}
