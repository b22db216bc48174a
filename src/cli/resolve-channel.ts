import type { CliContext } from './cli-context.js';

export const RAW_CHANNEL_HELP =
  'use the channel name as given: no declared-channel lookup, no repo/branch suffix';

/**
 * The physical channels for names given on the command line: declared repo- and branch-scoped
 * names take the repo and branch of the current work tree; `raw` keeps every name as it is.
 */
export async function resolveChannels(
  ctx: CliContext,
  names: readonly string[],
  raw: boolean | undefined,
): Promise<string[]> {
  if (raw) return [...names];
  const resolved = await Promise.all(
    names.map((name) => ctx.call((client) => client.channels.resolve(name))),
  );
  return resolved.map((item) => item.channel);
}
