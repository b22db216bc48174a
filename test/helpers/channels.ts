import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { CLI } from './cli.js';
import { waitFor, type TestDaemon } from './daemon.js';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'pd test',
  GIT_AUTHOR_EMAIL: 'pd@test.invalid',
  GIT_COMMITTER_NAME: 'pd test',
  GIT_COMMITTER_EMAIL: 'pd@test.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export interface Worktrees {
  root: string;
  /** The main worktree, on `main`. */
  main: string;
  /** A second worktree of the same repository, on `feature/login`. */
  feature: string;
  /** A folder outside any repository. */
  outside: string;
}

/** A repository `shop` with one commit on main and a worktree on feature/login. */
export function makeWorktrees(): Worktrees {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-git-'));
  const main = path.join(root, 'shop');
  const feature = path.join(root, 'shop-feature');
  const outside = path.join(root, 'plain');
  fs.mkdirSync(main);
  fs.mkdirSync(outside);
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, { cwd, env: GIT_ENV, stdio: 'pipe' });
  git(main, 'init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(main, 'README'), 'shop\n');
  git(main, 'add', 'README');
  git(main, 'commit', '-q', '-m', 'first');
  git(main, 'worktree', 'add', '-q', '-b', 'feature/login', feature);
  return { root, main, feature, outside };
}

export interface HttpAnswer {
  status: number;
  body: { error?: { code: string; message: string; details: Record<string, unknown> } } & Record<
    string,
    unknown
  >;
}

/** A raw HTTP request: malformed bodies go out exactly as written. */
export function rawRequest(
  daemon: TestDaemon,
  method: string,
  urlPath: string,
  body?: string,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      daemon.url + urlPath,
      { method, agent: false, headers: { 'content-type': 'application/json' } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: JSON.parse(text) as HttpAnswer['body'],
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

export interface Background {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Runs `pd <args>` in the background and waits until stderr shows `ready`. */
export async function background(
  daemon: TestDaemon,
  args: string[],
  ready: string,
  cwd?: string,
): Promise<Background> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...daemon.env },
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await waitFor(() => stderr.includes(ready), 10_000);
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}
