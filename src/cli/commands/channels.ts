import { InvalidArgumentError, type Command } from 'commander';
import { CHANNEL_SCOPES, type ChannelScope } from '../../api/channel-scopes.js';
import type { CliContext } from '../cli-context.js';
import { printJson, printLine, printTable } from '../output.js';
import { RAW_CHANNEL_HELP, resolveChannels } from '../resolve-channel.js';

function parseScope(value: string): ChannelScope {
  if (!(CHANNEL_SCOPES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`must be one of ${CHANNEL_SCOPES.join(', ')}.`);
  return value as ChannelScope;
}

function parseAliases(value: string): string[] {
  return value
    .split(',')
    .map((alias) => alias.trim())
    .filter((alias) => alias !== '');
}

const SCOPE_HELP = `
Scopes (the repo and branch come from git, in the directory pd runs in):
  global  the name as is:             builds
  repo    shared by every worktree:   builds@<repo>
  branch  one channel per branch:     builds@<repo>:<branch>
<repo> is the origin's name (port-daddy for .../port-daddy.git), else the main worktree's
folder; characters outside the channel grammar become '-' ('/' becomes '.') and a hash of the
original is appended, e.g. feature/login -> feature.login-3fa2c1.
pd pub, pd sub and pd tube resolve declared names and aliases; --raw-channel skips that.`;

export function registerChannels(program: Command, ctx: CliContext): void {
  const channels = program
    .command('channels')
    .description('Declared channels: names scoped to the repo or the branch you are on')
    .addHelpText('after', SCOPE_HELP);

  channels
    .command('ensure')
    .description('Declare a channel (or update its scope and aliases); prints where it resolves')
    .argument('<name>', "logical name, e.g. reviews or myapp:builds (no '@')")
    .requiredOption('--scope <scope>', `one of ${CHANNEL_SCOPES.join(', ')}`, parseScope)
    .option(
      '--aliases <names>',
      'other names for it, comma-separated (replaces the old ones)',
      parseAliases,
    )
    .option('--json', 'print the declaration and its physical channel here as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  pd channels ensure reviews --scope branch\n  pd channels ensure builds --scope repo --aliases ci,build',
    )
    .action(
      async (
        name: string,
        options: { scope: ChannelScope; aliases?: string[]; json?: boolean },
      ) => {
        const declared = await ctx.call((client) =>
          client.channels.ensure(name, { scope: options.scope, aliases: options.aliases }),
        );
        const [channel] = await resolveChannels(ctx, [declared.name], false);
        if (options.json) return printJson({ ...declared, channel });
        const aliases = declared.aliases.length ? ` (aliases: ${declared.aliases.join(', ')})` : '';
        printLine(`${declared.name} [${declared.scope}] -> ${channel}${aliases}`);
      },
    );

  channels
    .command('discover')
    .description('List declared channels and the channels holding messages')
    .argument('[prefix]', 'only names that start with this')
    .option('--json', 'print {declared, channels} as JSON')
    .action(async (prefix: string | undefined, options: { json?: boolean }) => {
      const found = await ctx.call((client) => client.channels.discover(prefix));
      if (options.json) return printJson(found);
      if (found.declared.length > 0) {
        printTable(
          ['DECLARED', 'SCOPE', 'ALIASES'],
          found.declared.map((d) => [d.name, d.scope, d.aliases.join(',')]),
        );
        printLine();
      }
      printTable(
        ['CHANNEL', 'RETAINED', 'LAST ID'],
        found.channels.map((c) => [c.name, String(c.retained), String(c.lastId)]),
      );
    });

  channels
    .command('clear')
    .description('Remove the retained messages of a channel (declared names resolve first)')
    .argument('<name>', 'channel or declared name')
    .option('--raw-channel', RAW_CHANNEL_HELP)
    .option('--json', 'print {channel, removed} as JSON')
    .action(async (name: string, options: { rawChannel?: boolean; json?: boolean }) => {
      const [channel] = await resolveChannels(ctx, [name], options.rawChannel);
      const cleared = await ctx.call((client) => client.channels.clear(channel!));
      if (options.json) return printJson(cleared);
      printLine(`cleared ${cleared.removed} message(s) from ${cleared.channel}`);
    });
}
