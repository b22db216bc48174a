import { Option, type Command } from 'commander';
import { NOTE_TYPE_NAMES, type NoteTypeName } from '../../api/session-phases.js';
import { addNoteToCurrentSession } from '../add-note.js';
import type { CliContext } from '../cli-context.js';
import { printJson, printLine } from '../output.js';
import { RAW_CHANNEL_HELP, resolveChannels } from '../resolve-channel.js';

interface SayOptions {
  pin?: boolean;
  broadcast?: string;
  type?: NoteTypeName;
  agent?: string;
  session?: string;
  rawChannel?: boolean;
  json?: boolean;
}

export function registerSay(program: Command, ctx: CliContext): void {
  program
    .command('say')
    .description('One note to your session, optionally pinned and also published on a channel')
    .argument('<text>', 'what to say; quote it')
    .option('--pin', 'pin the note: briefings show it marked')
    .option('--broadcast <channel>', 'also publish it on this channel (pd sub <channel> hears it)')
    .addOption(
      new Option('--type <type>', 'what kind of note').choices(NOTE_TYPE_NAMES).default('progress'),
    )
    .option('--agent <id>', "whose session (default: $PORT_DADDY_AGENT, else this worktree's)")
    .option('--session <id>', 'the session (default: the one pd begin started here)')
    .option('--raw-channel', RAW_CHANNEL_HELP)
    .option('--json', 'print the note (and message) as JSON')
    .addHelpText(
      'after',
      `
Examples:
  pd say "API contract changed: /v2/login takes an email" --pin --broadcast myapp:team
  pd say "taking a break; tests are green" --broadcast myapp:team`,
    )
    .action(async (text: string, options: SayOptions) => {
      const note = await addNoteToCurrentSession(ctx, text, options);
      let message: { id: number; channel: string } | undefined;
      if (options.broadcast) {
        const [channel] = await resolveChannels(ctx, [options.broadcast], options.rawChannel);
        const payload = { text, session: note.session, note: note.id, type: note.type };
        const published = await ctx.call((client) =>
          client.pubsub.publish(channel!, payload, { sender: note.agent }),
        );
        message = { id: published.id, channel: channel! };
      }
      if (options.json) return printJson({ note, message: message ?? null });
      const pinned = note.pinned ? ', pinned' : '';
      printLine(`note #${note.id} (${note.type}${pinned}) added to ${note.session}`);
      if (message) printLine(`published as message ${message.id} on ${message.channel}`);
    });
}
