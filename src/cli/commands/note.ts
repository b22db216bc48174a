import { Option, type Command } from 'commander';
import { NOTE_TYPE_NAMES, type NoteTypeName } from '../../api/session-phases.js';
import { addNoteToCurrentSession } from '../add-note.js';
import type { CliContext } from '../cli-context.js';
import { printJson, printLine } from '../output.js';

interface NoteOptions {
  type?: NoteTypeName;
  pin?: boolean;
  session?: string;
  agent?: string;
  json?: boolean;
}

export function registerNote(program: Command, ctx: CliContext): void {
  program
    .command('note')
    .description('Add a note to your session (encrypted at rest; counts as a heartbeat)')
    .argument('<text>', 'the note; quote it')
    .addOption(
      new Option('--type <type>', 'what kind of note').choices(NOTE_TYPE_NAMES).default('progress'),
    )
    .option('--pin', 'pin it: briefings show pinned notes first')
    .option('--session <id>', 'the session (default: the one pd begin started here)')
    .option('--agent <id>', "whose open session (default: $PORT_DADDY_AGENT, else this worktree's)")
    .option('--json', 'print the note as JSON')
    .addHelpText(
      'after',
      `
Examples:
  pd note "found the cause: the cookie path is /api"
  pd note "blocked on the staging database" --type blocker
  pd note "next: rename the helper, then run e2e" --type handoff`,
    )
    .action(async (text: string, options: NoteOptions) => {
      const note = await addNoteToCurrentSession(ctx, text, options);
      if (options.json) return printJson(note);
      printLine(`note #${note.id} (${note.type}) added to ${note.session}`);
    });
}
