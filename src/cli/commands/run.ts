import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { runChild } from '../run-child.js';
import { CliError } from '../exit-codes.js';
import { dim } from '../output.js';
import { parseDurationText, parsePort } from '../parse-options.js';

interface RunOptions {
  ttl?: string;
  port?: number;
  owner?: string;
}

export function registerRun(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description('Claim a port, run a command with PORT set, release the port when it exits')
    .argument('<identity>', 'project[:stack[:context]]')
    .argument('<command...>', 'the command and its arguments, after --')
    .option('--ttl <duration>', 'also expire the claim after this long', parseDurationText)
    .option('-p, --port <port>', 'ask for this exact port', parsePort)
    .option('--owner <name>', 'who holds it (default: $PORT_DADDY_AGENT)')
    .addHelpText(
      'after',
      '\nThe command gets PORT, PORT_DADDY_IDENTITY and PORT_DADDY_URL in its environment;\npd exits with its exit code. Example:\n  pd run myapp:web -- npm run dev',
    )
    .action(async (identity: string, commandLine: string[], options: RunOptions) => {
      const [command, ...args] = commandLine;
      if (!command) throw new CliError('missing command: pd run <identity> -- <cmd...>', 2);
      const owner = options.owner ?? (process.env.PORT_DADDY_AGENT || undefined);
      const request = { identity, port: options.port, ttl: options.ttl, owner };
      let claim = await ctx.call((client) => client.claim(request));
      // A claim made before (pd claim) stays as it was; a new one is tied to our pid, so that if
      // pd is killed outright the daemon still reaps it within 2 s.
      const ours = !claim.existing;
      if (ours) claim = await ctx.client.claim({ ...request, pid: process.pid });
      process.stderr.write(dim(`pd: ${claim.identity} on port ${claim.port}\n`));
      const env = {
        ...process.env,
        PORT: String(claim.port),
        PORT_DADDY_IDENTITY: claim.identity,
        PORT_DADDY_URL: ctx.config.url,
      };
      const code = await runChild(command, args, env);
      if (ours) await ctx.client.release(claim.identity).catch(() => undefined);
      process.exitCode = code;
    });
}
