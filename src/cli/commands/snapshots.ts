import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { SnapshotView } from '../../api/snapshots.js';
import type { CliContext } from '../cli-context.js';
import { CliError } from '../exit-codes.js';
import { age, dim, printJson, printLine, printTable } from '../output.js';
import { parseCount } from '../parse-options.js';
import { findWorktreeRoot, resolveAgentId } from '../session-context.js';

function parseSnapshotId(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('must be a snapshot id (a positive integer, see pd snapshots).');
  }
  return Number(value);
}

/** The worktree root of a folder (the folder itself outside git), as file claims use it. */
const rootOf = (dir: string) => findWorktreeRoot(dir) ?? path.resolve(dir);

/** A path typed relative to cwd, as the root it lies in and the path relative to that root. */
function locate(typed: string, cwd = process.cwd()): { root: string; path: string } {
  const absolute = path.resolve(cwd, typed);
  const root = rootOf(path.dirname(absolute));
  const relative = path.relative(root, absolute).split(path.sep).join('/');
  if (relative === '' || relative.startsWith('../')) {
    throw new CliError(`${typed} is not a file inside ${root}`);
  }
  return { root, path: relative };
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function printSnapshots(snapshots: SnapshotView[], showRoot: boolean): void {
  printTable(
    ['ID', 'PATH', 'KIND', 'SIZE', 'SHA', 'AGE', 'AGENT'],
    snapshots.map((snapshot) => [
      String(snapshot.id),
      showRoot ? path.join(snapshot.root, snapshot.path) : snapshot.path,
      snapshot.kind,
      formatSize(snapshot.size),
      snapshot.sha256?.slice(0, 12) ?? `skipped (${snapshot.skipped})`,
      `${age(snapshot.at)} ago`,
      snapshot.agent ?? '-',
    ]),
  );
}

interface ListOptions {
  all?: boolean;
  limit?: number;
  json?: boolean;
}

export function registerSnapshots(program: Command, ctx: CliContext): void {
  const snapshots = program
    .command('snapshots')
    .description(
      'List the versions the daemon kept of claimed files, newest first (see also: show, restore)',
    )
    .argument('[path]', 'only this file (relative to the current folder)')
    .option('--all', 'every worktree, not only the current one')
    .option('--limit <n>', 'at most this many (default 50)', parseCount)
    .option('--json', 'print the snapshots as a JSON array')
    .addHelpText(
      'after',
      `
While a file is claimed (pd files claim, pd begin --files) the daemon keeps a copy when the
claim starts and each time its bytes change: at most 20 per file, files over 1 MB are listed as
skipped, 100 MB in all (oldest first). See docs/snapshots.md.

Examples:
  pd snapshots                  # this worktree
  pd snapshots src/app.ts       # one file
  pd snapshots show 12 > old.ts # the bytes of a version
  pd snapshots restore 12       # write it back (prints how to undo)`,
    )
    .action(async (typed: string | undefined, options: ListOptions) => {
      const where = typed ? locate(typed) : options.all ? {} : { root: rootOf(process.cwd()) };
      const { snapshots: list } = await ctx.call((client) =>
        client.snapshots.list({ ...where, limit: options.limit }),
      );
      if (options.json) return printJson(list);
      if (list.length === 0) {
        return printLine(typed ? `no snapshots of ${typed}` : 'no snapshots kept');
      }
      printSnapshots(list, options.all === true && !typed);
    });

  snapshots
    .command('show')
    .description('Write the bytes of a kept version to stdout (--json: its metadata)')
    .argument('<id>', 'snapshot id (see pd snapshots)', parseSnapshotId)
    .option('--json', 'print the metadata as JSON instead of the bytes')
    .addHelpText(
      'after',
      '\nExamples:\n  pd snapshots show 12 > old.ts\n  pd snapshots show 12 --json',
    )
    .action(async (id: number, options: { json?: boolean }) => {
      const { snapshot, bytes } = await ctx.call((client) => client.snapshots.content(id));
      if (options.json) {
        const { content: _content, ...metadata } = snapshot;
        return printJson(metadata);
      }
      if (bytes === null) {
        throw new CliError(
          `snapshot ${id} kept no bytes: ${snapshot.path} was ${formatSize(snapshot.size)}, over the size cap`,
        );
      }
      await new Promise<void>((resolve, reject) =>
        process.stdout.write(bytes, (error) => (error ? reject(error) : resolve())),
      );
    });

  snapshots
    .command('restore')
    .description('Write a kept version back to its file; the bytes it replaces are kept too')
    .argument('<id>', 'snapshot id (see pd snapshots)', parseSnapshotId)
    .option('--agent <id>', 'who restores it (default: $PORT_DADDY_AGENT or the session)')
    .option('--json', 'print the restored and previous snapshots as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  pd snapshots restore 12\n  pd snapshots restore 15   # undo: the id printed by the restore',
    )
    .action(async (id: number, options: { agent?: string; json?: boolean }) => {
      const agent = resolveAgentId(options.agent);
      const result = await ctx.call((client) => client.snapshots.restore(id, { agent }));
      if (options.json) return printJson(result);
      const { restored, previous } = result;
      const file = path.join(restored.root, restored.path);
      printLine(`restored ${file} to snapshot ${id} (sha ${restored.sha256?.slice(0, 12)})`);
      if (previous) {
        printLine(dim(`undo: pd snapshots restore ${previous.id}   (the bytes it replaced)`));
      }
    });
}
