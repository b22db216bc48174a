import { execFile } from 'node:child_process';
import path from 'node:path';
import { repoNameFromUrl, type GitPlace } from './physical-channel.js';

function git(cwd: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, timeout: 5000 }, (error, stdout) =>
      resolve(error ? undefined : stdout.trim()),
    );
  });
}

/**
 * The repo and branch of the work tree at `cwd`, or undefined outside one. Every worktree of a
 * repository shares the repo (origin, else the main worktree's folder); each has its own branch.
 */
export async function readGitPlace(cwd = process.cwd()): Promise<GitPlace | undefined> {
  const [commonDir, parsedBranch, origin] = await Promise.all([
    git(cwd, ['rev-parse', '--path-format=absolute', '--git-common-dir']),
    git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD']),
    git(cwd, ['config', '--get', 'remote.origin.url']),
  ]);
  let branch = parsedBranch;
  // A repository without commits has no HEAD to parse yet, but it does have a branch.
  branch ??= await git(cwd, ['symbolic-ref', '--short', 'HEAD']);
  if (commonDir === undefined || branch === undefined) return undefined;
  const folder = path.basename(
    path.basename(commonDir) === '.git' ? path.dirname(commonDir) : commonDir,
  );
  const repo = (origin && repoNameFromUrl(origin)) || folder;
  if (branch !== 'HEAD') return { repo, branch };
  const sha = await git(cwd, ['rev-parse', '--short', 'HEAD']);
  return { repo, branch: `detached-${sha ?? 'unborn'}` };
}
