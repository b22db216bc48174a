import { InvalidArgumentError, type Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { printJson, printLine } from '../output.js';
import { RAW_CHANNEL_HELP, resolveChannels } from '../resolve-channel.js';
import { advanceCursor, readCursor, tubeCursorPath } from '../tube-cursor.js';
import { drain, follow, type TubeFormat, type TubeListener } from '../tube-listen.js';

interface TubeOptions {
  once?: boolean;
  send?: boolean;
  replyTo?: number;
  since?: number;
  history: boolean;
  json?: boolean;
  raw?: boolean;
  tail?: boolean;
  sender?: string;
  rawChannel?: boolean;
}

function parseId(value: string): number {
  if (!/^\d{1,15}$/.test(value))
    throw new InvalidArgumentError('must be a message id (0 or more).');
  return Number(value);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function checkCombination(options: TubeOptions): void {
  const usage = (message: string) => new CliError(message, EXIT.USAGE);
  if (options.json && options.raw) throw usage('--json and --raw cannot go together');
  if (options.replyTo !== undefined && !options.send) throw usage('--reply-to needs --send');
  if (options.once && options.tail) throw usage('--once and --tail cannot go together');
  if (options.send && (options.once || options.tail || options.since !== undefined))
    throw usage('--send sends and exits: drop --once, --tail and --since');
}

async function send(ctx: CliContext, channel: string, options: TubeOptions): Promise<void> {
  // One message: stdin as text, without the newline `echo` adds.
  const text = (await readStdin()).replace(/\r?\n$/, '');
  if (text === '') throw new CliError('nothing on stdin to send', EXIT.USAGE);
  const sender = options.sender ?? (process.env.PORT_DADDY_AGENT || undefined);
  const message = await ctx.call((client) =>
    client.pubsub.publish(channel, text, { sender, replyTo: options.replyTo }),
  );
  if (options.json) return printJson(message);
  printLine(String(message.id));
}

export function registerTube(program: Command, ctx: CliContext): void {
  program
    .command('tube')
    .description('A conversational pipe: wait for the next message on a channel, print it, exit')
    .argument('<channel>', 'channel or declared name')
    .option('--once', 'print every message since the cursor (all retained without one) and exit')
    .option('--tail', 'keep following: print each message as it arrives')
    .option('--send', 'send stdin as one message and print its id')
    .option('--reply-to <id>', 'with --send: the message this one answers', parseId)
    .option('--sender <name>', 'with --send: who sends it (default: $PORT_DADDY_AGENT)')
    .option('--since <id>', 'start after this id instead of the cursor', parseId)
    .option('--no-history', 'ignore the cursor: only messages published from now on')
    .option('--json', 'print each message as one JSON line')
    .option('--raw', 'print id<TAB>sender<TAB>body, with \\t, \\n and \\\\ escaped')
    .option('--raw-channel', RAW_CHANNEL_HELP)
    .addHelpText(
      'after',
      `
The cursor (the last id this machine's listener saw on the channel) is kept in
$PORT_DADDY_HOME/tube/<channel>.cursor, moved forward before a message is printed and written
atomically, so no run prints a message an earlier run printed. Listeners that share a data dir
share the cursor: run one listener per channel.

Examples:
  echo 'tests pass on my branch' | pd tube review --send
  pd tube review                      # blocks until the next message, prints its body
  pd tube review --once --json        # everything since the cursor, as JSON lines
  echo 'looks good' | pd tube review --send --reply-to 42`,
    )
    .action(async (name: string, options: TubeOptions) => {
      checkCombination(options);
      const [channel] = await resolveChannels(ctx, [name], options.rawChannel);
      if (options.send) return send(ctx, channel!, options);
      const file = tubeCursorPath(ctx.config.home, channel!);
      const format: TubeFormat = options.json ? 'json' : options.raw ? 'raw' : 'body';
      const listener: TubeListener = {
        client: ctx.client,
        channel: channel!,
        format,
        seen: (id) => advanceCursor(file, id),
      };
      const since = options.since ?? (options.history ? readCursor(file) : undefined);
      if (options.once) {
        // Without history, "since now" is the newest id on the bus.
        const start =
          since ??
          (options.history
            ? 0
            : (await ctx.call((client) => client.pubsub.messages(channel!, { limit: 1 }))).lastId);
        await ctx.call(() => drain(listener, start));
        return;
      }
      await ctx.call((client) => client.health());
      await follow(listener, since, Boolean(options.tail));
    });
}
