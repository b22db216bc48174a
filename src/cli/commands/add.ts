import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { currentWorktree } from '../claim-paths.js';
import { CliError } from '../exit-codes.js';
import { checkAll, pathLines } from '../file-holders.js';
import { filesToAdd } from '../git-files.js';
import { resolveAgentId } from '../session-context.js';

function gitAdd(paths: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['add', '--', ...paths], { stdio: 'inherit' });
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? 1));
  });
}

export function registerAdd(program: Command, ctx: CliContext): void {
  program
    .command('add')
    .description('git add that refuses files claimed by another session (and then adds nothing)')
    .argument('<paths...>', 'what to stage, as for git add')
    .option('--agent <id>', 'whose claims are yours (default: $PORT_DADDY_AGENT, else pd begin)')
    .addHelpText(
      'after',
      '\nExit codes: 0 staged, 1 refused (each holder is printed) or git failed.\n\nExamples:\n  pd add src/auth/login.ts\n  pd add .',
    )
    .action(async (paths: string[], options: { agent?: string }) => {
      const { root, inGit } = currentWorktree();
      if (!inGit) throw new CliError('not in a git repository: pd add runs git add');
      const files = await filesToAdd(process.cwd(), paths);
      if (files.length > 0) {
        const agent = resolveAgentId(options.agent);
        const check = await checkAll(ctx, { ...(agent ? { agent } : {}), root, paths: files });
        const held = check.paths.filter((path) => path.state === 'held');
        if (held.length > 0) {
          process.stderr.write('pd add: nothing added; claimed by another session:\n');
          for (const line of pathLines(held)) process.stderr.write(line + '\n');
          const count = held.length === 1 ? `${held[0]!.path} is` : `${held.length} files are`;
          throw new CliError(`nothing added: ${count} claimed by another session`);
        }
      }
      const code = await gitAdd(paths);
      if (code !== 0) throw new CliError(`git add failed (exit ${code})`);
    });
}
