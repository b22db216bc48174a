import fs from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { PdError } from '../../api/errors.js';

export const MAX_PATTERN_LENGTH = 4096;

function invalid(field: string, message: string): PdError {
  return new PdError('INVALID_INPUT', message, { issues: [{ path: field, message }] });
}

const globness = new Map<string, boolean>();

/** True when picomatch reads the pattern as a glob rather than one literal path. */
export function isGlob(pattern: string): boolean {
  let glob = globness.get(pattern);
  if (glob === undefined) {
    if (globness.size >= 10_000) globness.clear();
    glob = picomatch.scan(pattern).isGlob;
    globness.set(pattern, glob);
  }
  return glob;
}

/** An absolute, normalised worktree root; a 400 when it is not one. */
export function normaliseRoot(root: string): string {
  if (root.includes('\0')) throw invalid('root', 'invalid root: it contains a NUL byte');
  if (!path.isAbsolute(root))
    throw invalid('root', `invalid root "${root}": it must be an absolute path`);
  const resolved = path.resolve(root);
  return resolved.length > 1 ? resolved.replace(/\/+$/, '') : resolved;
}

/**
 * A path or glob as stored: relative to root, posix separators, no `./`, no trailing `/`, never
 * escaping root. Pure (no file system): `lexical.directory` says it ended with `/`.
 */
export function normalisePatternText(
  root: string,
  raw: string,
  field = 'paths',
): { pattern: string; directory: boolean } {
  if (raw.trim() === '') throw invalid(field, 'invalid path: it is empty');
  if (raw.includes('\0')) throw invalid(field, `invalid path "${raw}": it contains a NUL byte`);
  if (raw.length > MAX_PATTERN_LENGTH)
    throw invalid(field, `invalid path: longer than ${MAX_PATTERN_LENGTH} characters`);
  // Backslashes are read as separators, so a Windows-style path claims what it names.
  let text = raw.replaceAll('\\', '/');
  if (text.startsWith('!'))
    throw invalid(field, `invalid path "${raw}": negated globs cannot be claimed`);
  if (path.posix.isAbsolute(text)) {
    const relative = path.posix.relative(root, path.posix.normalize(text));
    if (relative === '..' || relative.startsWith('../') || path.posix.isAbsolute(relative))
      throw invalid(field, `invalid path "${raw}": it is outside the worktree root ${root}`);
    text = relative === '' ? '.' : relative;
  }
  const directory = text.endsWith('/');
  const normal = path.posix.normalize(text).replace(/\/+$/, '');
  if (normal === '..' || normal.startsWith('../'))
    throw invalid(field, `invalid path "${raw}": it escapes the worktree root ${root}`);
  if (normal.split('/').includes('..'))
    throw invalid(field, `invalid path "${raw}": ".." is not allowed in a glob`);
  if (normal === '.' || normal === '') return { pattern: '**', directory: true };
  return { pattern: normal, directory };
}

/**
 * Normalises one requested path against the file system too: a path naming an existing folder
 * (or a literal one ending in `/`) claims everything below it, `dir/**`.
 */
export async function normalisePattern(
  root: string,
  raw: string,
  field = 'paths',
): Promise<string> {
  const { pattern, directory } = normalisePatternText(root, raw, field);
  if (pattern === '**') return pattern;
  if (directory && !isGlob(pattern)) return `${pattern}/**`;
  // A glob-like name can be a real folder too (`app/[slug]`).
  const stat = await fs.stat(path.join(root, pattern)).catch(() => undefined);
  return stat?.isDirectory() ? `${pattern}/**` : pattern;
}

/** Normalises every path of a request, dropping repeats; a 400 names the first bad one. */
export async function normalisePatterns(root: string, paths: readonly string[]): Promise<string[]> {
  const patterns = await Promise.all(
    paths.map((raw, index) => normalisePattern(root, raw, `paths.${index}`)),
  );
  return [...new Set(patterns)];
}
