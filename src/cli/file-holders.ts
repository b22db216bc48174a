import type { CheckFilesRequest, CheckFilesResponse } from '../api/files.js';
import type { CliContext } from './cli-context.js';

type PathCheck = CheckFilesResponse['paths'][number];
type HolderView = PathCheck['holders'][number];

/** `bob for "write docs" (docs/**, exclusive, token 12)` */
export function describeHolder(holder: HolderView): string {
  const purpose = holder.purpose === null ? '' : ` for "${holder.purpose}"`;
  const mode = holder.shared ? 'shared' : 'exclusive';
  return `${holder.agent}${purpose} (${holder.pattern}, ${mode}, token ${holder.token})`;
}

/** One line a path: who holds it, or that it is free or yours. */
export function describePath(check: PathCheck): string {
  if (check.state === 'held') {
    return `claimed by ${check.holders.map(describeHolder).join('; ')}`;
  }
  if (check.state === 'own') return `yours (${check.own.join(', ')})`;
  return 'free';
}

/** Aligned `path  description` lines, indented. */
export function pathLines(checks: readonly PathCheck[], describe = describePath): string[] {
  const width = Math.max(...checks.map((check) => check.path.length));
  return checks.map((check) => `  ${check.path.padEnd(width)}  ${describe(check)}`);
}

// The daemon takes at most this many paths a request.
const CHUNK = 1000;

/** Checks any number of paths, in requests of at most 1000, merged into one answer. */
export async function checkAll(
  ctx: CliContext,
  request: CheckFilesRequest,
): Promise<CheckFilesResponse> {
  const chunks: string[][] = [];
  for (let start = 0; start < request.paths.length; start += CHUNK)
    chunks.push(request.paths.slice(start, start + CHUNK));
  const answers = await ctx.call(async (client) => {
    const results: CheckFilesResponse[] = [];
    for (const paths of chunks) results.push(await client.files.check({ ...request, paths }));
    return results;
  });
  const [first] = answers;
  return {
    ...first!,
    paths: answers.flatMap((answer) => answer.paths),
    uncovered: answers.flatMap((answer) => answer.uncovered),
    conflicts: answers.flatMap((answer) => answer.conflicts),
  };
}
