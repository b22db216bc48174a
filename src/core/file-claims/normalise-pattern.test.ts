import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rejection, thrown } from '../../../test/helpers/pd-errors.js';
import {
  normalisePattern,
  normalisePatterns,
  normalisePatternText,
  normaliseRoot,
} from './normalise-pattern.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-normalise-'));
fs.mkdirSync(path.join(root, 'src', 'auth'), { recursive: true });
fs.writeFileSync(path.join(root, 'src', 'index.ts'), '');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('normalisePatternText', () => {
  it.each([
    ['src/index.ts', 'src/index.ts'],
    ['./src/index.ts', 'src/index.ts'],
    ['src//index.ts', 'src/index.ts'],
    ['src/./auth/../index.ts', 'src/index.ts'],
    ['src\\auth\\login.ts', 'src/auth/login.ts'],
    ['./src/**/*.ts', 'src/**/*.ts'],
    ['src/', 'src'],
    ['.', '**'],
    ['./', '**'],
    ['/repo/src/a.ts', 'src/a.ts'],
    ['/repo', '**'],
  ])('%s -> %s', (raw, expected) => {
    expect(normalisePatternText('/repo', raw).pattern).toBe(expected);
  });

  it.each([
    ['', 'invalid path: it is empty'],
    ['   ', 'invalid path: it is empty'],
    ['a\0b', 'invalid path "a\0b": it contains a NUL byte'],
    ['../x', 'invalid path "../x": it escapes the worktree root /repo'],
    ['src/../../x', 'invalid path "src/../../x": it escapes the worktree root /repo'],
    ['..', 'invalid path "..": it escapes the worktree root /repo'],
    ['/etc/passwd', 'invalid path "/etc/passwd": it is outside the worktree root /repo'],
    ['/repository/a', 'invalid path "/repository/a": it is outside the worktree root /repo'],
    ['!src/**', 'invalid path "!src/**": negated globs cannot be claimed'],
    ['a'.repeat(5000), 'invalid path: longer than 4096 characters'],
  ])('rejects %j', (raw, message) => {
    const error = thrown(() => normalisePatternText('/repo', raw));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', status: 400, message });
  });
});

describe('normalisePattern', () => {
  it('claims everything below an existing folder or a path ending in /', async () => {
    expect(await normalisePattern(root, 'src')).toBe('src/**');
    expect(await normalisePattern(root, 'src/auth')).toBe('src/auth/**');
    expect(await normalisePattern(root, 'later/')).toBe('later/**');
    expect(await normalisePattern(root, path.join(root, 'src'))).toBe('src/**');
  });

  it('keeps files, paths that do not exist yet and globs as they are', async () => {
    expect(await normalisePattern(root, 'src/index.ts')).toBe('src/index.ts');
    expect(await normalisePattern(root, 'src/new.ts')).toBe('src/new.ts');
    expect(await normalisePattern(root, 'src/*')).toBe('src/*');
  });

  it('drops repeats and names the bad entry', async () => {
    expect(await normalisePatterns(root, ['a.ts', './a.ts', 'b.ts'])).toEqual(['a.ts', 'b.ts']);
    const error = await rejection(normalisePatterns(root, ['a.ts', '../b']));
    expect(error.details).toMatchObject({ issues: [{ path: 'paths.1' }] });
  });
});

describe('normaliseRoot', () => {
  it('wants an absolute path and drops a trailing slash', () => {
    expect(normaliseRoot('/repo/')).toBe('/repo');
    expect(normaliseRoot('/repo/sub/..')).toBe('/repo');
    expect(thrown(() => normaliseRoot('repo')).message).toBe(
      'invalid root "repo": it must be an absolute path',
    );
  });
});
