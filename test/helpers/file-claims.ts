import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What `pd files --json` prints, one claim. */
export interface FileClaimJson {
  root: string;
  pattern: string;
  agent: string;
  session: string | null;
  purpose: string | null;
  shared: boolean;
  token: number;
  releasedAt: string | null;
  releaseReason: string | null;
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'pd test',
  GIT_AUTHOR_EMAIL: 'pd@test',
  GIT_COMMITTER_NAME: 'pd test',
  GIT_COMMITTER_EMAIL: 'pd@test',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** Runs git in `cwd` with a fixed identity; throws with git's stderr on failure. */
export function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync('git', args, {
    cwd,
    env: { ...process.env, ...GIT_ENV, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A temporary git repository holding `files` (nothing staged); its real path. */
export function makeRepo(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pd-repo-')));
  git(dir, ['init', '-q', '-b', 'main']);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** The paths staged in the repo now. */
export function staged(dir: string): string[] {
  return git(dir, ['diff', '--cached', '--name-only']).split('\n').filter(Boolean);
}
