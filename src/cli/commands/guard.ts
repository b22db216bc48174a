import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { CheckFilesResponse } from '../../api/files.js';
import type { CliContext } from '../cli-context.js';
import { currentWorktree } from '../claim-paths.js';
import { CliError } from '../exit-codes.js';
import { checkAll, describePath, pathLines } from '../file-holders.js';
import { preCommitHookPath, stagedFiles } from '../git-files.js';
import { printJson, printLine } from '../output.js';
import { resolveAgentId } from '../session-context.js';

const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** The hook: this node and this pd, so it works without pd on PATH. */
export function hookScript(
  node = process.execPath,
  cli = fs.realpathSync(process.argv[1]!),
): string {
  return [
    '#!/bin/sh',
    '# Installed by `pd guard --install`: refuses a commit of files the committing agent has not',
    '# claimed (pd files claim) or that another session claimed. Bypass once: git commit --no-verify',
    `exec ${shellQuote(node)} ${shellQuote(cli)} guard`,
    '',
  ].join('\n');
}

async function install(force: boolean): Promise<void> {
  const { root, inGit } = currentWorktree();
  if (!inGit) throw new CliError('not in a git repository: run pd guard --install inside one');
  const hook = await preCommitHookPath(root);
  const script = hookScript();
  const existing = fs.existsSync(hook) ? fs.readFileSync(hook, 'utf8') : undefined;
  if (existing === script) return printLine(`the guard hook is already installed at ${hook}`);
  if (existing !== undefined && !force) {
    throw new CliError(
      `a different pre-commit hook exists at ${hook}; pass --force to replace it (it is kept as pre-commit.pd-backup), or add "pd guard" to it`,
    );
  }
  fs.mkdirSync(path.dirname(hook), { recursive: true });
  if (existing !== undefined) fs.writeFileSync(`${hook}.pd-backup`, existing, { mode: 0o755 });
  fs.writeFileSync(hook, script, { mode: 0o755 });
  fs.chmodSync(hook, 0o755);
  printLine(`installed the guard pre-commit hook at ${hook}`);
}

function why(check: CheckFilesResponse['paths'][number], agent: string): string {
  return check.state === 'held' ? describePath(check) : `not claimed by ${agent}`;
}

async function guard(ctx: CliContext, options: { agent?: string; json?: boolean }): Promise<void> {
  const { root, inGit } = currentWorktree();
  if (!inGit) throw new CliError('not in a git repository: pd guard checks staged files');
  const staged = await stagedFiles(root);
  if (staged.length === 0) return;
  const agent = resolveAgentId(options.agent);
  if (!agent) {
    throw new CliError(
      'commit refused: who is committing? set PORT_DADDY_AGENT, pass --agent, or run pd begin (bypass once: git commit --no-verify)',
    );
  }
  const check = await checkAll(ctx, { agent, root, paths: staged });
  if (options.json) printJson(check);
  const refused = check.paths.filter((path) => path.state === 'held' || path.own.length === 0);
  if (check.session !== null && refused.length === 0) return;
  const write = (line: string) => process.stderr.write(line + '\n');
  const by = check.session
    ? `${agent} (session ${check.session.id}, "${check.session.purpose}")`
    : agent;
  write(`pd guard: commit refused for ${by}:`);
  if (check.session === null) write(`  ${agent} has no active session: run pd begin "<purpose>"`);
  for (const line of pathLines(refused, (path) => why(path, agent))) write(line);
  const taken = check.conflicts.length;
  const unclaimed = refused.length - taken;
  const parts = [
    ...(check.session === null ? ['no active session'] : []),
    ...(taken > 0
      ? [`${taken} staged file${taken === 1 ? '' : 's'} claimed by another session`]
      : []),
    ...(unclaimed > 0 ? [`${unclaimed} not claimed by ${agent} (pd files claim <path>)`] : []),
  ];
  throw new CliError(`commit refused: ${parts.join('; ')}; bypass once: git commit --no-verify`);
}

export function registerGuard(program: Command, ctx: CliContext): void {
  program
    .command('guard')
    .description(
      'Pre-commit check: pass only if your agent has an active session and claims every staged file',
    )
    .option('--install', "write this repo's pre-commit hook to run pd guard")
    .option('--force', 'with --install: replace a different existing hook (kept as a backup)')
    .option('--agent <id>', 'who commits (default: $PORT_DADDY_AGENT, else pd begin context)')
    .option('--json', 'print the check of the staged files as JSON')
    .addHelpText(
      'after',
      '\nExit codes: 0 the commit may go ahead, 1 it may not (the reasons are printed).\n\nExamples:\n  pd guard --install\n  pd guard                 what the hook runs\n  git commit --no-verify   skip the hook once',
    )
    .action(
      async (options: { install?: boolean; force?: boolean; agent?: string; json?: boolean }) => {
        if (options.install) return install(Boolean(options.force));
        await guard(ctx, options);
      },
    );
}
