import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { printJson, printLine } from '../output.js';
import { parseCount } from '../parse-options.js';
import { readSessionContext, resolveAgentId } from '../session-context.js';
import { printNotes } from '../session-output.js';

interface NotesOptions {
  session?: string;
  project?: string;
  agent?: string;
  since?: string;
  limit?: number;
  all?: boolean;
  json?: boolean;
}

export function registerNotes(program: Command, ctx: CliContext): void {
  program
    .command('notes')
    .description(
      "Read notes, oldest first: this worktree's session by default, or by session, project, author",
    )
    .option('--session <id>', 'notes of this session')
    .option('--project <project>', 'notes of every session in this project')
    .option('--agent <id>', 'notes written by this agent')
    .option('--since <time>', 'written at or after this time (ISO 8601)')
    .option('--limit <n>', 'the newest N (default 100)', parseCount)
    .option('--all', "every session's notes, even inside a worktree with a session")
    .option('--json', 'print the notes as a JSON array')
    .addHelpText(
      'after',
      `
Examples:
  pd notes
  pd notes --project myapp --limit 20
  pd notes --session ses-3f9a1c0b7e21 --json`,
    )
    .action(async (options: NotesOptions) => {
      const scoped = options.session ?? options.project ?? options.agent;
      // Inside a worktree with a session, "pd notes" means that session's notes, when the
      // session is the caller's; an agent named by $PORT_DADDY_AGENT sees its own notes.
      const me = resolveAgentId();
      const context = scoped || options.all ? undefined : readSessionContext();
      const mine = context && (me === undefined || context.agent === me) ? context : undefined;
      const session = options.session ?? mine?.session;
      const agent = options.agent ?? (scoped || options.all || mine ? undefined : me);
      const { notes } = await ctx.call((client) =>
        client.sessions.notes({
          session,
          project: options.project,
          agent,
          since: options.since,
          limit: options.limit,
        }),
      );
      if (options.json) return printJson(notes);
      if (notes.length === 0) return printLine('no notes');
      printNotes(notes);
    });
}
