import { execFile } from 'node:child_process';
import path from 'node:path';
import { CliError } from './exit-codes.js';

/** Runs git (no shell) and answers its stdout; a failure is a CliError with git's own words. */
export function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const said = stderr.trim().split('\n')[0] || error.message;
      reject(new CliError(`git ${args[0]} failed: ${said}`));
    });
  });
}

const splitZ = (text: string) => [...new Set(text.split('\0').filter(Boolean))];

/** The staged paths (root-relative): what the commit being made would change. */
export async function stagedFiles(root: string): Promise<string[]> {
  return splitZ(await git(root, ['diff', '--cached', '--name-only', '-z']));
}

/** The root-relative files `git add -- <paths>` would stage: changed, deleted or new, not ignored. */
export async function filesToAdd(cwd: string, paths: string[]): Promise<string[]> {
  const args = ['ls-files', '-z', '--full-name', '--modified', '--deleted', '--others'];
  return splitZ(await git(cwd, [...args, '--exclude-standard', '--', ...paths]));
}

/** The pre-commit hook's path (honours core.hooksPath and linked worktrees). */
export async function preCommitHookPath(cwd: string): Promise<string> {
  const hook = (await git(cwd, ['rev-parse', '--git-path', 'hooks/pre-commit'])).trim();
  return path.resolve(cwd, hook);
}
