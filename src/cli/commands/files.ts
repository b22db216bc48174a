import type { Command } from 'commander';
import type { FileClaimView } from '../../api/files.js';
import { requireAgentId } from '../agent-id.js';
import type { CliContext } from '../cli-context.js';
import { currentWorktree, toRootRelative } from '../claim-paths.js';
import { CliError } from '../exit-codes.js';
import { checkAll, pathLines } from '../file-holders.js';
import { age, printJson, printLine, printTable, until } from '../output.js';
import { parseDurationText } from '../parse-options.js';
import { resolveAgentId } from '../session-context.js';

interface ListOptions {
  json?: boolean;
  allRoots?: boolean;
  agent?: string;
}

function printClaims(claims: FileClaimView[], withRoot: boolean): void {
  printTable(
    [
      ...(withRoot ? ['ROOT'] : []),
      'PATTERN',
      'AGENT',
      'SESSION',
      'PURPOSE',
      'SHARED',
      'TOKEN',
      'AGE',
      'EXPIRES',
    ],
    claims.map((claim) => [
      ...(withRoot ? [claim.root] : []),
      claim.pattern,
      claim.agent,
      claim.session ?? '-',
      claim.purpose ?? '-',
      claim.shared ? 'yes' : 'no',
      String(claim.token),
      age(claim.claimedAt),
      until(claim.expiresAt),
    ]),
  );
}

const CLAIM_HELP = `
Paths are relative to the current folder and stored relative to the worktree (git) root; a
folder claims everything below it; globs use picomatch (quote them). Two globs conflict when a
file could match both (see docs/files.md for the exact rule); --shared claims never conflict
with each other.

Examples:
  pd files claim src/auth 'src/**/*.test.ts'
  pd files claim README.md --shared --ttl 30m
  pd files claim docs --agent docs-bot`;

const LIST_HELP = `
Examples:
  pd files                 claims in this worktree
  pd files --all-roots     claims everywhere
  pd files --json
  pd files claim src/auth
  pd files check src/auth/login.ts
  pd files release`;

export function registerFiles(program: Command, ctx: CliContext): void {
  const files = program
    .command('files')
    .description('Who holds which files of this worktree (see also: files claim, release, check)')
    .option('--json', 'print the claims as a JSON array')
    .option('--all-roots', 'claims of every worktree, not only this one')
    .option('--agent <id>', "only this agent's claims")
    .addHelpText('after', LIST_HELP)
    .action(async (options: ListOptions) => {
      const { root } = currentWorktree();
      const { claims } = await ctx.call((client) =>
        client.files.list({ ...(options.allRoots ? {} : { root }), agent: options.agent }),
      );
      if (options.json) return printJson(claims);
      if (claims.length === 0) {
        return printLine(options.allRoots ? 'no files claimed' : `no files claimed in ${root}`);
      }
      printClaims(claims, Boolean(options.allRoots));
    });

  files
    .command('claim')
    .description('Claim paths or globs for your agent: all or none, 409 names each holder')
    .argument('<paths...>', 'files, folders or quoted globs, relative to the current folder')
    .option('--shared', 'share them: other shared claims may overlap, exclusive ones may not')
    .option('--ttl <duration>', 'release them when this passes (30m, 2h)', parseDurationText)
    .option('--agent <id>', 'who claims (default: $PORT_DADDY_AGENT, else pd begin context)')
    .option('--json', 'print the claims as JSON')
    .addHelpText('after', CLAIM_HELP)
    .action(
      async (
        paths: string[],
        options: { shared?: boolean; ttl?: string; agent?: string; json?: boolean },
      ) => {
        const agent = requireAgentId(options.agent);
        const worktree = currentWorktree();
        const claimed = await ctx.call((client) =>
          client.files.claim({
            agent,
            root: worktree.root,
            paths: paths.map((typed) => toRootRelative(worktree, typed)),
            shared: options.shared,
            ttl: options.ttl,
          }),
        );
        if (options.json) return printJson(claimed);
        const session = claimed.session === null ? '' : ` (session ${claimed.session})`;
        printLine(`claimed for ${agent}${session}:`);
        for (const claim of claimed.claims) {
          const mode = claim.shared ? 'shared' : 'exclusive';
          const expires = claim.expiresAt === null ? '' : `, expires ${until(claim.expiresAt)}`;
          printLine(`  ${claim.pattern}  (${mode}, token ${claim.token}${expires})`);
        }
      },
    );

  files
    .command('release')
    .description('Release your claims: the paths given, else all of yours in this worktree')
    .argument('[paths...]', 'claimed paths or globs, as you claimed them')
    .option('--all-roots', 'with no paths: release your claims in every worktree')
    .option('--agent <id>', 'whose claims (default: $PORT_DADDY_AGENT, else pd begin context)')
    .option('--json', 'print the released claims as JSON')
    .addHelpText('after', '\nExamples:\n  pd files release src/auth\n  pd files release')
    .action(
      async (paths: string[], options: { allRoots?: boolean; agent?: string; json?: boolean }) => {
        const agent = requireAgentId(options.agent);
        const worktree = currentWorktree();
        const everywhere = options.allRoots && paths.length === 0;
        const { released } = await ctx.call((client) =>
          client.files.release({
            agent,
            ...(everywhere ? {} : { root: worktree.root }),
            ...(paths.length === 0
              ? {}
              : { paths: paths.map((typed) => toRootRelative(worktree, typed)) }),
          }),
        );
        if (options.json) return printJson({ released });
        if (released.length === 0) return printLine(`${agent} held no file claims to release`);
        printLine(`released ${released.map((claim) => claim.pattern).join(', ')}`);
      },
    );

  files
    .command('check')
    .description('Who holds these paths; exit 1 when another session claimed any of them')
    .argument('<paths...>', 'files or globs, relative to the current folder')
    .option('--agent <id>', 'whose claims are yours (default: $PORT_DADDY_AGENT, else pd begin)')
    .option('--json', 'print the check as JSON')
    .addHelpText(
      'after',
      '\nExit codes: 0 nobody else holds them, 1 another session does.\n\nExamples:\n  pd files check src/auth/login.ts\n  pd files check src/**/*.ts --json',
    )
    .action(async (paths: string[], options: { agent?: string; json?: boolean }) => {
      const agent = resolveAgentId(options.agent);
      const worktree = currentWorktree();
      const check = await checkAll(ctx, {
        agent,
        root: worktree.root,
        paths: paths.map((typed) => toRootRelative(worktree, typed)),
      });
      if (options.json) printJson(check);
      else for (const line of pathLines(check.paths)) printLine(line.slice(2));
      const [first, ...more] = check.conflicts;
      if (first !== undefined) {
        const others = more.length === 0 ? '' : ` (and ${more.length} more)`;
        throw new CliError(`${first}${others} is claimed by another session`);
      }
    });
}
