import { describe, expect, it } from 'vitest';
import { patternHolds } from './claim-conflicts.js';
import { globsMayOverlap, patternCovers, patternsOverlap } from './glob-overlap.js';

const repo = ['src/index.ts', 'src/auth/login.ts', 'src/auth/login.test.ts', 'docs/guide.md'];

// [a, b, overlap?] with the repo above: symmetric, so each pair is checked both ways.
const pairs: [string, string, boolean][] = [
  // literal vs literal: equal only
  ['src/index.ts', 'src/index.ts', true],
  ['src/index.ts', 'src/other.ts', false],
  // literal vs glob: picomatch, dotfiles included, paths that do not exist yet too
  ['src/index.ts', 'src/*.ts', true],
  ['src/index.ts', 'src/**', true],
  ['src/new/file.ts', 'src/**/*.ts', true],
  ['src/.env', 'src/**', true],
  ['src/index.ts', 'lib/**', false],
  ['src/index.ts', 'src/*.md', false],
  ['src/auth/login.ts', 'src/*.ts', false],
  // glob vs glob: some file of the repo matches both
  ['src/**', 'src/auth/*.ts', true],
  ['src/**/*.ts', 'src/auth/**', true],
  ['**/*.test.ts', 'src/auth/**', true],
  ['**', 'docs/*.md', true],
  // glob vs glob, no file matches both: the rule decides
  ['lib/**', 'lib/*.ts', true],
  ['new/**/*.ts', 'new/a/*.ts', true],
  ['new/**/*.ts', 'new/**/*.test.ts', true],
  ['{src,lib}/**', 'lib/x/**', true],
  ['**/*.ts', 'new/**', true],
  ['new/*.ts', 'new/**/*.md', false],
  ['new/**/*.ts', 'new/**/*.tsx', false],
  ['new/**/*.ts', 'new/**/*.d.mts', false],
  ['new/**/index.ts', 'new/**/main.ts', false],
  ['new/**/index.ts', 'new/**/*.ts', true],
  ['new/**/index.ts', 'new/**/*.md', false],
  ['new/**/test-*', 'new/**/spec-*', false],
  ['new/**/test-*', 'new/**/test*', true],
  ['new/**/*.{ts,md}', 'new/**/*.md', true],
  // a group at the end hides the suffix: in doubt, conflict
  ['new/**/*.@(ts|md)', 'new/**/*.js', true],
  ['new/**/*.{ts,md}', 'new/**/*.js', true],
  ['new/**/*.+(ts|md)', 'new/**/*.json', true],
  ['new/**/[ab].ts', 'new/**/c.ts', false],
  ['new/a/**', 'new/b/**', false],
  ['new/a/**', 'new/ab/**', false],
  ['new/a*/**', 'new/b/**', true],
  ['src/**', 'lib/**', false],
  ['src/*/x.ts', 'lib/*/x.ts', false],
  // a file named like a glob is matched by its own name too
  ['app/[slug]/page.tsx', 'app/[slug]/page.tsx', true],
  ['app/[slug]/page.tsx', 'app/*/page.tsx', true],
  ['app/[slug]/page.tsx', 'app/[id]/page.tsx', true],
  ['app/[slug]/page.tsx', 'lib/**', false],
];

describe('patternsOverlap', () => {
  it.each(pairs)('%s vs %s -> %s', (a, b, expected) => {
    expect(Boolean(patternsOverlap(a, b, repo))).toBe(expected);
    expect(Boolean(patternsOverlap(b, a, repo))).toBe(expected);
  });

  it('names an existing file both match, when there is one', () => {
    expect(patternsOverlap('src/**', 'src/auth/*.ts', repo)).toEqual({
      example: 'src/auth/login.ts',
    });
    expect(patternsOverlap('lib/**', 'lib/*.ts', repo)).toEqual({ example: null });
  });

  it('finds overlap through the repo even where the rule alone could not', () => {
    // Different literal name prefixes never match the same name, so the rule says disjoint...
    expect(globsMayOverlap('src/**/log*', 'src/**/auth*')).toBe(false);
    // ...and a file matching both is the proof of the opposite for the repo pass.
    expect(patternsOverlap('**/login*', 'src/auth/*.ts', repo)).toEqual({
      example: 'src/auth/login.ts',
    });
  });
});

describe('patternCovers and patternHolds', () => {
  it('covers a file with a literal or a glob', () => {
    expect(patternCovers('src/index.ts', 'src/index.ts')).toBe(true);
    expect(patternCovers('src/**', 'src/a/b.ts')).toBe(true);
    expect(patternCovers('src/*.ts', 'src/a/b.ts')).toBe(false);
    expect(patternCovers('app/[slug]/page.tsx', 'app/[slug]/page.tsx')).toBe(true);
    expect(patternCovers('app/[slug]/page.tsx', 'app/s/page.tsx')).toBe(true);
  });

  it.each([
    ['src/**', 'src/a.ts', true],
    ['src/**', 'src/auth/**', true],
    ['src/**', 'src/**/*.ts', true],
    ['**', 'anything/**', true],
    ['src/**', 'srcx/**', false],
    ['src/*.ts', 'src/*.ts', true],
    ['src/*.ts', 'src/**', false],
    ['src/a.ts', 'src/a.ts', true],
    ['src/a.ts', 'src/*.ts', false],
  ])('%s holds %s: %s', (own, wanted, expected) => {
    expect(patternHolds(own, wanted)).toBe(expected);
  });
});

describe('files whose names look like globs', () => {
  it('are held by a claim of the same name or of their folder', () => {
    expect(patternHolds('app/[slug]/**', 'app/[slug]/page.tsx', true)).toBe(true);
    expect(patternHolds('app/[slug]/page.tsx', 'app/[slug]/page.tsx', true)).toBe(true);
    expect(patternHolds('app/*/page.tsx', 'app/[slug]/page.tsx', true)).toBe(true);
    expect(patternHolds('app/[id]/**', 'app/[slug]/page.tsx', true)).toBe(false);
    // As a glob, `src/**` is not held by `src/*` even though `*` matches the text `**`.
    expect(patternHolds('src/*', 'src/**')).toBe(false);
  });
});
