import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readGitPlace } from './git-place.js';

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@t.invalid',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@t.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

describe('readGitPlace', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-place-'));
  const repo = path.join(root, 'shop');
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, { cwd, env, stdio: 'pipe' }).toString().trim();
  fs.mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads the branch of a repository without commits, and its folder as the repo', async () => {
    expect(await readGitPlace(repo)).toEqual({ repo: 'shop', branch: 'main' });
  });

  it('gives a second worktree the same repo and its own branch; origin names the repo', async () => {
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'first');
    const other = path.join(root, 'elsewhere');
    git(repo, 'worktree', 'add', '-q', '-b', 'feature/x', other);
    expect(await readGitPlace(other)).toEqual({ repo: 'shop', branch: 'feature/x' });
    git(repo, 'remote', 'add', 'origin', 'git@github.com:me/store.git');
    expect(await readGitPlace(path.join(other))).toEqual({ repo: 'store', branch: 'feature/x' });
    git(other, 'checkout', '-q', '--detach');
    const sha = git(other, 'rev-parse', '--short', 'HEAD');
    expect(await readGitPlace(other)).toEqual({ repo: 'store', branch: `detached-${sha}` });
  });

  it('is undefined outside a repository', async () => {
    expect(await readGitPlace(os.tmpdir())).toBeUndefined();
  });
});
