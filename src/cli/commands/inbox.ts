import { InvalidArgumentError, type Command } from 'commander';
import type { InboxMessageView } from '../../api/inbox.js';
import type { CliContext } from '../cli-context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { age, bold, oneLine, printJson, printLine, printTable } from '../output.js';
import { watchInbox } from './inbox-watch.js';

interface AgentOptions {
  agent?: string;
  json?: boolean;
}

function parseId(value: string): number {
  const text = value.replace(/^#/, '');
  if (!/^\d{1,15}$/.test(text) || Number(text) < 1)
    throw new InvalidArgumentError('must be a message id (a positive integer).');
  return Number(text);
}

function parseSince(value: string): number {
  if (!/^\d{1,15}$/.test(value))
    throw new InvalidArgumentError('must be a message id (0 or more).');
  return Number(value);
}

/** --agent on the verb, else on `pd inbox`, else $PORT_DADDY_AGENT; none is a usage error. */
function agentOf(command: Command): string {
  const own = command.opts<AgentOptions>().agent;
  const parent = command.parent?.name() === 'inbox' ? command.parent.opts<AgentOptions>() : {};
  const agent = own ?? parent.agent ?? (process.env.PORT_DADDY_AGENT || undefined);
  if (agent === undefined)
    throw new CliError('no agent: pass --agent <id> or set PORT_DADDY_AGENT', EXIT.USAGE);
  return agent;
}

function printInbox(messages: InboxMessageView[]): void {
  printTable(
    ['ID', 'FROM', 'AGE', 'STATE', 'TEXT'],
    messages.map((message) => [
      String(message.id),
      message.sender ?? '-',
      age(message.at),
      message.readAt === null ? 'unread' : 'read',
      oneLine(message.text, 60),
    ]),
  );
}

function printRead(message: InboxMessageView): void {
  const from = message.sender ? ` from ${message.sender}` : '';
  printLine(bold(`#${message.id}${from}, ${age(message.at)} ago`));
  printLine(message.text);
}

const AGENT_HELP = 'whose inbox (default: $PORT_DADDY_AGENT)';

export function registerInbox(program: Command, ctx: CliContext): void {
  const inbox = program
    .command('inbox')
    .description(
      "List an agent's inbox (never marks anything read); see also: inbox send, read, watch",
    )
    .option('--agent <id>', AGENT_HELP)
    .option('--unread', 'only unread messages')
    .option('--json', 'print the listing as JSON')
    .addHelpText(
      'after',
      `\nAgent ids: 1-200 letters, digits, '.', '_', ':', '@', '-'. Each inbox keeps its last 1000
messages; older ones are dropped, read or not. Only "pd inbox read" marks a message read.

Examples:
  pd inbox send reviewer 'PR 42 is ready' --sender builder
  pd inbox --agent reviewer --unread
  pd inbox read 17 --agent reviewer
  pd inbox read --all --agent reviewer
  pd inbox watch --agent reviewer`,
    )
    .action(async (options: AgentOptions & { unread?: boolean }, command: Command) => {
      const agent = agentOf(command);
      const listing = await ctx.call((client) =>
        client.inbox.list(agent, { unread: options.unread, limit: 1000 }),
      );
      if (options.json) return printJson(listing);
      if (listing.messages.length === 0)
        return printLine(`no ${options.unread ? 'unread ' : ''}messages for ${agent}`);
      printInbox(listing.messages);
      printLine(`${listing.total} message(s), ${listing.unread} unread`);
    });

  inbox
    .command('send')
    .description("Send a text message to an agent's inbox; prints its id")
    .argument('<agent>', 'the agent id to send to')
    .argument('<text>', 'the message')
    .option('--sender <name>', 'who sends it (default: $PORT_DADDY_AGENT)')
    .option('--json', 'print the stored message as JSON')
    .action(async (agent: string, text: string, options: { sender?: string; json?: boolean }) => {
      const sender = options.sender ?? (process.env.PORT_DADDY_AGENT || undefined);
      const message = await ctx.call((client) => client.inbox.send(agent, text, { sender }));
      if (options.json) return printJson(message);
      printLine(String(message.id));
    });

  inbox
    .command('read')
    .description('Print messages and mark them read: by id, or --all unread ones')
    .argument('[ids...]', 'message ids', (value: string, previous: number[] = []) => [
      ...previous,
      parseId(value),
    ])
    .option('--all', 'every unread message')
    .option('--agent <id>', AGENT_HELP)
    .option('--json', 'print the messages as JSON')
    .action(
      async (
        ids: number[] | undefined,
        options: AgentOptions & { all?: boolean },
        command: Command,
      ) => {
        const given = ids ?? [];
        if (given.length > 0 === Boolean(options.all))
          throw new CliError('give message ids or --all (one of them)', EXIT.USAGE);
        const agent = agentOf(command);
        const result = await ctx.call((client) =>
          options.all ? client.inbox.readAll(agent) : client.inbox.read(agent, given),
        );
        if (options.json) return printJson(result);
        if (result.messages.length === 0) return printLine(`no unread messages for ${agent}`);
        result.messages.forEach(printRead);
      },
    );

  inbox
    .command('watch')
    .description('Follow an inbox live (SSE); marks nothing read')
    .option('--agent <id>', AGENT_HELP)
    .option('--since <id>', 'first print retained messages after this id (0: all)', parseSince)
    .option('--json', 'print one JSON message a line')
    .action(async (options: AgentOptions & { since?: number }, command: Command) => {
      const agent = agentOf(command);
      // Starts the daemon when needed; the stream itself then reconnects on its own.
      await ctx.call((client) => client.health());
      await watchInbox(ctx.client, agent, options.since, Boolean(options.json));
    });
}
