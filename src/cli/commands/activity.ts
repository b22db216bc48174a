import { InvalidArgumentError, type Command } from 'commander';
import type { MessageView } from '../../api/pubsub.js';
import type { ActivityEventView } from '../../api/system.js';
import type { PdClient } from '../../client/index.js';
import type { StreamEvent } from '../../client/pubsub-client.js';
import type { CliContext } from '../cli-context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { formatActivity, typeMatcher } from '../format-activity.js';
import { printLine } from '../output.js';
import { parseCount } from '../parse-options.js';

interface ActivityOptions {
  since?: number;
  follow?: boolean;
  json?: boolean;
  limit?: number;
  type?: string;
}

const SYSTEM_CHANNEL = 'pd:events';
const PAGE = 1000;
const DEFAULT_TAIL = 50;
const RECONNECT_FOR_MS = 10_000;
const RECONNECT_EVERY_MS = 250;

function parseEventId(value: string): number {
  if (!/^\d{1,15}$/.test(value)) throw new InvalidArgumentError('must be an event id (0 or more).');
  return Number(value);
}

/** Prints the events it is given once each, in id order, and remembers the newest id seen. */
class EventPrinter {
  cursor: number;
  private readonly keep: (type: string) => boolean;

  constructor(
    since: number,
    type: string | undefined,
    private readonly json: boolean,
  ) {
    this.cursor = since;
    this.keep = typeMatcher(type);
  }

  matches(event: ActivityEventView): boolean {
    return this.keep(event.type);
  }

  /** Skips what was printed already: the catch-up read and the live stream overlap. */
  print(event: ActivityEventView): void {
    if (event.id <= this.cursor) return;
    this.cursor = event.id;
    if (this.keep(event.type)) printLine(this.json ? JSON.stringify(event) : formatActivity(event));
  }
}

/** Every event after `since`, page by page; `onPage` sees each page, oldest first. */
async function readAfter(
  client: PdClient,
  since: number,
  onPage: (events: ActivityEventView[]) => boolean | void,
): Promise<void> {
  let cursor = since;
  for (;;) {
    const { events } = await client.events({ since: cursor, limit: PAGE });
    if (onPage(events) === false || events.length < PAGE) return;
    cursor = events.at(-1)!.id;
  }
}

/**
 * Without --since: the last `limit` matching events. Ids only grow and never repeat, so the last
 * N of T events all have ids above T - N; with a type filter the whole log is scanned.
 */
async function printTail(client: PdClient, printer: EventPrinter, limit: number, typed: boolean) {
  const total = typed ? 0 : (await client.status()).counts.events;
  const tail: ActivityEventView[] = [];
  let newest = 0;
  await readAfter(client, Math.max(0, total - limit), (events) => {
    newest = events.at(-1)?.id ?? newest;
    tail.push(...events.filter((event) => printer.matches(event)));
    tail.splice(0, Math.max(0, tail.length - limit));
  });
  tail.forEach((event) => printer.print(event));
  printer.cursor = Math.max(printer.cursor, newest);
}

/** With --since: the matching events after it, oldest first, at most `limit`. */
async function printAfter(client: PdClient, printer: EventPrinter, limit: number) {
  let printed = 0;
  await readAfter(client, printer.cursor, (events) => {
    for (const event of events) {
      if (printed >= limit) return false;
      if (printer.matches(event)) printed++;
      printer.print(event);
    }
  });
}

/** The activity event a pd:events message carries. */
function eventOf(message: MessageView): ActivityEventView | undefined {
  const body = message.message as Partial<Omit<ActivityEventView, 'id'>> & { eventId?: number };
  if (typeof body?.eventId !== 'number' || typeof body.type !== 'string') return undefined;
  return {
    id: body.eventId,
    revision: body.revision ?? 0,
    at: message.at,
    type: body.type,
    subject: String(body.subject),
    data: body.data ?? {},
  };
}

/**
 * Follows pd:events live. Each (re)connection first waits for `ready`, so the daemon already
 * forwards new events, then reads the log after the cursor: an event is either in that read or
 * arrives live (held back until the read is printed), and ids drop the overlap.
 */
async function follow(client: PdClient, printer: EventPrinter, backlog: () => Promise<void>) {
  let lostAt: number | undefined;
  let caughtUpOnce = false;
  for (;;) {
    let ended: StreamEvent | undefined;
    let held: ActivityEventView[] | undefined = [];
    let isReady = false;
    let ready!: () => void;
    const readyEvent = new Promise<void>((resolve) => (ready = resolve));
    const stream = client.pubsub.subscribe([SYSTEM_CHANNEL], {
      onEvent(event) {
        lostAt = undefined;
        if (event.type === 'ready') {
          isReady = true;
          ready();
        } else if (event.type === 'message') {
          const activity = eventOf(event.data);
          if (activity) {
            if (held) held.push(activity);
            else printer.print(activity);
          }
        } else if (event.type !== 'reset') ended = event;
      },
    });
    try {
      await Promise.race([readyEvent, stream.done]);
      if (isReady) {
        if (caughtUpOnce)
          await readAfter(client, printer.cursor, (events) =>
            events.forEach((e) => printer.print(e)),
          );
        else await backlog();
        caughtUpOnce = true;
        held.forEach((event) => printer.print(event));
        held = undefined;
        await stream.done;
      }
    } catch (error) {
      stream.close();
      if ((error as { status?: number }).status !== undefined) throw error;
    }
    if (ended?.type === 'overflow') process.stderr.write(`pd: ${ended.data.reason}; resuming\n`);
    lostAt ??= Date.now();
    if (Date.now() - lostAt > RECONNECT_FOR_MS)
      throw new CliError(
        `lost the daemon at ${client.url}; resume with --since ${printer.cursor}`,
        EXIT.UNREACHABLE,
      );
    await new Promise((resolve) => setTimeout(resolve, RECONNECT_EVERY_MS));
  }
}

export function registerActivity(program: Command, ctx: CliContext): void {
  program
    .command('activity')
    .description('The activity log: claims, releases, locks, expiries, dead pids, in order')
    .option(
      '--since <id>',
      'events after this event id, oldest first (0: from the start)',
      parseEventId,
    )
    .option('--follow', 'keep printing new events live (the pd:events channel)')
    .option('--json', 'print one JSON object a line')
    .option(
      '--limit <n>',
      `without --since: the last n events (default ${DEFAULT_TAIL}); with --since: at most n`,
      parseCount,
    )
    .option('--type <pattern>', "only these types: 'lock.acquired', 'lock.*', '*.released', a,b")
    .addHelpText(
      'after',
      "\nExamples:\n  pd activity\n  pd activity --since 120 --json\n  pd activity --follow --type 'lock.*'\n  pd activity --type claim.released --limit 10",
    )
    .action(async (options: ActivityOptions) => {
      if (options.follow && options.since !== undefined && options.limit !== undefined)
        throw new CliError('--limit with --since cannot be combined with --follow', EXIT.USAGE);
      const printer = new EventPrinter(options.since ?? 0, options.type, Boolean(options.json));
      const backlog = (client: PdClient) =>
        options.since === undefined
          ? printTail(client, printer, options.limit ?? DEFAULT_TAIL, options.type !== undefined)
          : printAfter(client, printer, options.limit ?? Number.POSITIVE_INFINITY);
      if (!options.follow) return ctx.call(backlog);
      // Starts the daemon when needed; the stream itself then reconnects on its own.
      await ctx.call((client) => client.health());
      await follow(ctx.client, printer, () => backlog(ctx.client));
    });
}
