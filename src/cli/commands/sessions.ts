import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { printJson, printLine } from '../output.js';
import { printSessions } from '../session-output.js';

interface SessionsOptions {
  all?: boolean;
  agent?: string;
  project?: string;
  json?: boolean;
}

export function registerSessions(program: Command, ctx: CliContext): void {
  program
    .command('sessions')
    .description('List open sessions, newest first: agent, project, phase, notes, purpose')
    .option('--all', 'completed and abandoned sessions too')
    .option('--agent <id>', "only this agent's")
    .option('--project <project>', 'only this project')
    .option('--json', 'print the sessions as a JSON array')
    .addHelpText('after', '\nExamples:\n  pd sessions\n  pd sessions --all --project myapp')
    .action(async (options: SessionsOptions) => {
      const { sessions } = await ctx.call((client) =>
        client.sessions.list({ all: options.all, agent: options.agent, project: options.project }),
      );
      if (options.json) return printJson(sessions);
      if (sessions.length === 0) {
        return printLine(options.all ? 'no sessions' : 'no open sessions (pd sessions --all)');
      }
      printSessions(sessions);
    });
}
