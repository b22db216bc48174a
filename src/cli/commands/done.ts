import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { currentSession } from '../current-session.js';
import { printJson } from '../output.js';
import { forgetEndedSession, printSessionChange } from '../session-output.js';

interface DoneOptions {
  session?: string;
  agent?: string;
  json?: boolean;
}

export function registerDone(program: Command, ctx: CliContext): void {
  program
    .command('done')
    .description(
      "Complete your session: release its files, your locks and its identity's port; keep the notes",
    )
    .argument('<summary>', 'what was done (stored encrypted, shown by pd changelog)')
    .option('--session <id>', 'the session (default: the one pd begin started here)')
    .option('--agent <id>', "whose open session (default: $PORT_DADDY_AGENT, else this worktree's)")
    .option('--json', 'print the session and what was released as JSON')
    .addHelpText(
      'after',
      `
Removes .portdaddy/session.json when it names this session.

Examples:
  pd done "login redirect fixed; tests in auth.test.ts"
  pd done "docs written" --session ses-3f9a1c0b7e21`,
    )
    .action(async (summary: string, options: DoneOptions) => {
      const target = await currentSession(ctx, options);
      const change = await ctx.call((client) => client.sessions.done(target.session, summary));
      forgetEndedSession(change);
      if (options.json) return printJson(change);
      printSessionChange(change);
    });
}
