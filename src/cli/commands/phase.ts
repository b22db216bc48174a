import { Argument, type Command } from 'commander';
import { PHASE_NAMES, type PhaseName } from '../../api/session-phases.js';
import type { CliContext } from '../cli-context.js';
import { currentSession } from '../current-session.js';
import { printJson } from '../output.js';
import { forgetEndedSession, printSessionChange } from '../session-output.js';

interface PhaseOptions {
  session?: string;
  agent?: string;
  json?: boolean;
}

export function registerPhase(program: Command, ctx: CliContext): void {
  program
    .command('phase')
    .description(
      'Move your session to another phase (completed works like pd done without a summary)',
    )
    .addArgument(new Argument('<phase>', 'the new phase').choices(PHASE_NAMES))
    .option('--session <id>', 'the session (default: the one pd begin started here)')
    .option('--agent <id>', "whose open session (default: $PORT_DADDY_AGENT, else this worktree's)")
    .option('--json', 'print the session and what was released as JSON')
    .addHelpText(
      'after',
      `
Open phases (planning, in_progress, testing, reviewing) move freely among themselves; completed
and abandoned end the session and nothing moves out of them.

Examples:
  pd phase in_progress
  pd phase testing
  pd phase in_progress   # back from testing to fix something
  pd phase abandoned     # give up: the notes stay for pd salvage`,
    )
    .action(async (phase: PhaseName, options: PhaseOptions) => {
      const target = await currentSession(ctx, options);
      const change = await ctx.call((client) => client.sessions.phase(target.session, phase));
      forgetEndedSession(change);
      if (options.json) return printJson(change);
      printSessionChange(change);
    });
}
