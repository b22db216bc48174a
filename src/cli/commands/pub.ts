import { InvalidArgumentError, type Command } from 'commander';
import { SIGNALS, SIGNAL_NAMES, isSignal, type Signal } from '../../api/pubsub-signals.js';
import type { CliContext } from '../cli-context.js';
import { printJson, printLine } from '../output.js';
import { RAW_CHANNEL_HELP, resolveChannels } from '../resolve-channel.js';

interface PubOptions {
  signal?: Signal;
  sender?: string;
  json?: boolean;
  rawChannel?: boolean;
}

function parseSignal(value: string): Signal {
  if (!isSignal(value))
    throw new InvalidArgumentError(`must be one of ${SIGNAL_NAMES.join(', ')}.`);
  return value;
}

/** JSON when the text parses as JSON (`{"ok":true}`, `42`), otherwise the text itself. */
export function parseMessage(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const SIGNAL_HELP = Object.entries(SIGNALS)
  .map(([name, meaning]) => `  ${name.padEnd(10)} ${meaning}`)
  .join('\n');

export function registerPub(program: Command, ctx: CliContext): void {
  program
    .command('pub')
    .description('Publish a message on a channel; prints its id')
    .argument('<channel>', "channel name, segments joined by ':', e.g. myapp:builds")
    .argument('<message>', 'text, or JSON when it parses as JSON')
    .option('--signal <flag>', 'mark it with a maritime signal flag (see below)', parseSignal)
    .option('--sender <name>', 'who sends it (default: $PORT_DADDY_AGENT)')
    .option('--json', 'print the stored message as JSON')
    .option('--raw-channel', RAW_CHANNEL_HELP)
    .addHelpText(
      'after',
      `\nSignals:\n${SIGNAL_HELP}\n\nExamples:\n  pd pub myapp:builds 'build 42 passed'\n  pd pub myapp:builds '{"build":42,"ok":false}' --signal mayday\n  pd sub myapp:builds`,
    )
    .action(async (name: string, text: string, options: PubOptions) => {
      const [channel] = await resolveChannels(ctx, [name], options.rawChannel);
      const sender = options.sender ?? (process.env.PORT_DADDY_AGENT || undefined);
      const message = await ctx.call((client) =>
        client.pubsub.publish(channel!, parseMessage(text), { signal: options.signal, sender }),
      );
      if (options.json) return printJson(message);
      printLine(String(message.id));
    });
}
