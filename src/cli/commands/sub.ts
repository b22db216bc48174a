import { InvalidArgumentError, type Command } from 'commander';
import type { MessageView, ResetView } from '../../api/pubsub.js';
import type { PdClient } from '../../client/index.js';
import type { StreamEvent } from '../../client/pubsub-client.js';
import type { CliContext } from '../cli-context.js';
import { followStream } from '../follow-stream.js';
import { bold, cyan, dim, green, printLine, red, yellow } from '../output.js';
import { RAW_CHANNEL_HELP, resolveChannels } from '../resolve-channel.js';

interface SubOptions {
  since?: number;
  once?: boolean;
  json?: boolean;
  rawChannel?: boolean;
}

function parseId(value: string): number {
  if (!/^\d{1,15}$/.test(value))
    throw new InvalidArgumentError('must be a message id (0 or more).');
  return Number(value);
}

const signalColor: Record<string, (text: string) => string> = {
  mayday: (text) => bold(red(text)),
  'pan-pan': red,
  securite: yellow,
  'all-clear': green,
};

function formatBody(message: MessageView): string {
  const value = message.message;
  if (typeof value === 'string') return value;
  // System events read as "claim.created myapp:api {...}".
  const event = value as { type?: unknown; subject?: unknown; data?: unknown } | null;
  if (message.channel.startsWith('pd:') && typeof event?.type === 'string')
    return `${bold(event.type)} ${String(event.subject)} ${JSON.stringify(event.data)}`;
  return JSON.stringify(value);
}

function formatMessage(message: MessageView): string {
  const body = formatBody(message);
  const time = message.at.slice(11, 19);
  const sender = message.sender ? ` ${cyan(message.sender)}` : '';
  const flag = message.signal
    ? ` ${(signalColor[message.signal] ?? bold)(`[${message.signal.toUpperCase()}]`)}`
    : '';
  return `${dim(`#${message.id} ${time}`)} ${message.channel}${sender}${flag} ${body}`;
}

function formatReset(reset: ResetView): string {
  const oldest = reset.oldestId === null ? 'none kept' : `oldest kept #${reset.oldestId}`;
  return yellow(
    `-- reset ${reset.channel}: ${reset.missed} message(s) after #${reset.since} were dropped by retention (${oldest})`,
  );
}

function printer(json: boolean) {
  return {
    message: (message: MessageView) =>
      printLine(json ? JSON.stringify(message) : formatMessage(message)),
    reset: (reset: ResetView) => printLine(json ? JSON.stringify({ reset }) : formatReset(reset)),
  };
}

/** Everything retained after `since`, page by page, merged by id across channels. */
async function printRetained(client: PdClient, channels: string[], since: number, json: boolean) {
  const print = printer(json);
  const messages = new Map<number, MessageView>();
  for (const channel of channels) {
    let cursor = since;
    for (;;) {
      const page = await client.pubsub.messages(channel, { since: cursor, limit: 1000 });
      if (cursor === since) page.resets.forEach(print.reset);
      for (const message of page.messages) messages.set(message.id, message);
      if (page.messages.length < 1000) break;
      cursor = page.messages.at(-1)!.id;
    }
  }
  [...messages.values()].sort((a, b) => a.id - b.id).forEach(print.message);
}

/** Follows the channels live; reconnects from the last id when the stream ends or drops. */
function follow(client: PdClient, channels: string[], since: number | undefined, json: boolean) {
  const print = printer(json);
  return followStream<StreamEvent>({
    url: client.url,
    since,
    what: `following ${channels.join(', ')}`,
    open: (cursor, onEvent) => client.pubsub.subscribe(channels, { since: cursor, onEvent }),
    onEvent(event) {
      if (event.type === 'message') print.message(event.data);
      else if (event.type === 'reset') print.reset(event.data);
    },
  });
}

export function registerSub(program: Command, ctx: CliContext): void {
  program
    .command('sub')
    .description('Follow channels live: retained messages after --since, then new ones')
    .argument(
      '<channels...>',
      "channel or pattern: '*' is one segment, a last '>' is everything below",
    )
    .option('--since <id>', 'start after this message id (0: everything retained)', parseId)
    .option('--once', 'print what is retained after --since (default 0) and exit')
    .option('--json', 'print one JSON object a line: messages, and {"reset": ...} notices')
    .option('--raw-channel', RAW_CHANNEL_HELP)
    .addHelpText(
      'after',
      "\nExamples:\n  pd sub myapp:builds\n  pd sub 'myapp:*' --since 120\n  pd sub 'pd:>'              # the daemon's own events, live\n  pd sub myapp:builds --once --json",
    )
    .action(async (names: string[], options: SubOptions) => {
      // Declared repo- and branch-scoped names take this work tree's repo and branch.
      const channels = await resolveChannels(ctx, names, options.rawChannel);
      const json = Boolean(options.json);
      if (options.once)
        return ctx.call((client) => printRetained(client, channels, options.since ?? 0, json));
      // Starts the daemon when needed; the stream itself then reconnects on its own.
      await ctx.call((client) => client.health());
      await follow(ctx.client, channels, options.since, json);
    });
}
