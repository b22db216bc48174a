import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, stderrLines } from '../helpers/cli.js';
import { startDaemon, stopDaemon, type TestDaemon } from '../helpers/daemon.js';
import { git, makeRepo } from '../helpers/file-claims.js';

/** `git commit` as a user runs it, the guard hook included; exit code and what it printed. */
function commit(repo: string, env: NodeJS.ProcessEnv): { code: number; output: string } {
  try {
    git(repo, ['commit', '-q', '-m', 'change'], { NO_COLOR: '1', ...env });
    return { code: 0, output: '' };
  } catch (error) {
    const failed = error as { status: number; stderr: string; stdout: string };
    return { code: failed.status, output: failed.stdout + failed.stderr };
  }
}

describe('pd guard', () => {
  let daemon: TestDaemon;
  let repo: string;
  let hook: string;

  beforeAll(async () => {
    daemon = await startDaemon();
    repo = makeRepo({
      'src/auth/login.ts': 'login',
      'src/index.ts': 'index',
      'docs/guide.md': 'guide',
    });
    hook = path.join(repo, '.git', 'hooks', 'pre-commit');
  });
  afterAll(async () => {
    await stopDaemon(daemon);
    fs.rmSync(repo, { recursive: true, force: true });
  });

  const pd = (args: string[], env: NodeJS.ProcessEnv = {}) => daemon.cli(args, { cwd: repo, env });

  it('installs the pre-commit hook (mode 0755) once, and keeps a different hook unless --force', async () => {
    const installed = await pd(['guard', '--install']);
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stdout).toBe(`installed the guard pre-commit hook at ${hook}\n`);
    expect(fs.statSync(hook).mode & 0o777).toBe(0o755);
    const script = fs.readFileSync(hook, 'utf8');
    expect(script).toMatch(/^#!\/bin\/sh\n/);
    expect(script).toContain(`exec '${process.execPath}' '${fs.realpathSync(CLI)}' guard\n`);
    expect((await pd(['guard', '--install'])).stdout).toBe(
      `the guard hook is already installed at ${hook}\n`,
    );

    fs.writeFileSync(hook, '#!/bin/sh\necho mine\n', { mode: 0o755 });
    const refused = await pd(['guard', '--install']);
    expect(refused.code).toBe(1);
    expect(stderrLines(refused)).toEqual([
      `pd: a different pre-commit hook exists at ${hook}; pass --force to replace it (it is kept as pre-commit.pd-backup), or add "pd guard" to it`,
    ]);
    expect(fs.readFileSync(hook, 'utf8')).toBe('#!/bin/sh\necho mine\n');
    expect((await pd(['guard', '--install', '--force'])).code).toBe(0);
    expect(fs.readFileSync(hook, 'utf8')).toBe(script);
    expect(fs.readFileSync(`${hook}.pd-backup`, 'utf8')).toBe('#!/bin/sh\necho mine\n');
  });

  it('passes with nothing staged, and refuses outside a git repository', async () => {
    expect((await pd(['guard'])).code).toBe(0);
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-no-git-'));
    const result = await daemon.cli(['guard'], { cwd: outside });
    fs.rmSync(outside, { recursive: true, force: true });
    expect(result.code).toBe(1);
    expect(stderrLines(result)).toEqual([
      'pd: not in a git repository: pd guard checks staged files',
    ]);
  });

  it('blocks a commit by an agent without an active session', async () => {
    git(repo, ['add', 'src/index.ts']);
    const blocked = commit(repo, { ...daemon.env, PORT_DADDY_AGENT: 'nobody' });
    expect(blocked.code).toBe(1);
    expect(blocked.output.trim().split('\n')).toEqual([
      'pd guard: commit refused for nobody:',
      '  nobody has no active session: run pd begin "<purpose>"',
      '  src/index.ts  not claimed by nobody',
      'pd: commit refused: no active session; 1 not claimed by nobody (pd files claim <path>); bypass once: git commit --no-verify',
    ]);
    const anonymous = commit(repo, daemon.env);
    expect(anonymous.code).toBe(1);
    expect(anonymous.output).toContain('pd: commit refused: who is committing?');
    git(repo, ['reset', '-q']);
  });

  it('blocks a commit of a file another session claimed and passes once every staged file is covered', async () => {
    const begun = await pd(['begin', 'refactor auth', '--agent', 'alice', '--files', 'src/auth']);
    expect(begun.code, begun.stderr).toBe(0);
    // Bob begins elsewhere (his context file must not replace alice's), then claims here: the
    // claim joins his active session.
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-bob-'));
    const bob = await daemon.cli(['begin', 'write docs', '--agent', 'bob', '-q'], {
      cwd: elsewhere,
    });
    fs.rmSync(elsewhere, { recursive: true, force: true });
    expect(bob.code, bob.stderr).toBe(0);
    expect((await pd(['files', 'claim', 'docs', '--agent', 'bob'])).stdout).toContain(
      `(session ${bob.stdout.trim()})`,
    );
    fs.writeFileSync(path.join(repo, 'src/auth/login.ts'), 'login v2');
    fs.writeFileSync(path.join(repo, 'docs/guide.md'), 'guide v2');
    git(repo, ['add', 'src/auth/login.ts', 'docs/guide.md', 'src/index.ts']);

    const blocked = commit(repo, { ...daemon.env, PORT_DADDY_AGENT: 'alice' });
    expect(blocked.code).toBe(1);
    const lines = blocked.output.trim().split('\n');
    expect(lines[0]).toMatch(
      /^pd guard: commit refused for alice \(session ses-\w+, "refactor auth"\):$/,
    );
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(
        /^ {2}docs\/guide\.md {2}claimed by bob for "write docs" \(docs\/\*\*, exclusive, token \d+\)$/,
      ),
      '  src/index.ts   not claimed by alice',
      'pd: commit refused: 1 staged file claimed by another session; 1 not claimed by alice (pd files claim <path>); bypass once: git commit --no-verify',
    ]);
    expect(git(repo, ['rev-list', '--all', '--count']).trim()).toBe('0');

    git(repo, ['reset', '-q', 'docs/guide.md']);
    expect((await pd(['files', 'claim', 'src/index.ts', '--agent', 'alice'])).code).toBe(0);
    // No PORT_DADDY_AGENT: the hook finds alice through the session context pd begin wrote.
    const passed = commit(repo, daemon.env);
    expect(passed, passed.output).toEqual({ code: 0, output: '' });
    expect(git(repo, ['show', '--name-only', '--format=']).trim().split('\n')).toEqual([
      'src/auth/login.ts',
      'src/index.ts',
    ]);
  });
});
