import type { Command } from 'commander';
import { parseDuration } from '../../api/duration.js';
import type { CliContext } from '../cli-context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { printJson, printLine } from '../output.js';
import { parseDurationText } from '../parse-options.js';

interface WaitOptions {
  timeout: string;
  json?: boolean;
}

export function registerWait(program: Command, ctx: CliContext): void {
  program
    .command('wait')
    .description(
      'Block until each service is ready (healthy under pd up, or marked with pd integration ready)',
    )
    .argument('<identity...>', 'service identities, e.g. myapp:api myapp:db')
    .option(
      '--timeout <duration>',
      'give up after this long (at most 1h)',
      parseDurationText,
      '60s',
    )
    .option('--json', 'print the answer as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  pd wait myapp:api\n  pd wait myapp:api myapp:db --timeout 2m && npm test\n\nExit 0 when all are ready; 1 at the timeout, naming those that are not.',
    )
    .action(async (identities: string[], options: WaitOptions) => {
      const timeoutMs = parseDuration(options.timeout, { allowZero: true })!;
      const answer = await ctx.call((client) => client.services.wait(identities, timeoutMs));
      const notReady = `not ready after ${options.timeout}: ${answer.notReady.join(', ')}`;
      if (options.json) {
        // stdout stays one JSON document; the exit code and stderr say it timed out.
        printJson(answer);
        if (!answer.ready) {
          process.stderr.write(`pd: ${notReady}\n`);
          process.exitCode = EXIT.FAILED;
        }
        return;
      }
      if (!answer.ready) throw new CliError(notReady, EXIT.FAILED);
      printLine(`ready: ${answer.readyIdentities.join(', ')}`);
    });
}
