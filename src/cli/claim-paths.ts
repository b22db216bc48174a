import path from 'node:path';
import { findWorktreeRoot } from './session-context.js';

/** Where the CLI runs: the worktree root (cwd outside git) and cwd relative to it. */
export interface Worktree {
  root: string;
  /** cwd relative to root, posix separators; '' at the root. */
  prefix: string;
  inGit: boolean;
}

export function currentWorktree(cwd = process.cwd()): Worktree {
  const found = findWorktreeRoot(cwd);
  const root = found ?? path.resolve(cwd);
  const prefix = path.relative(root, path.resolve(cwd)).split(path.sep).join('/');
  return { root, prefix, inGit: found !== undefined };
}

/**
 * A path or glob typed relative to cwd, made relative to the worktree root. Absolute paths go as
 * they are: the daemon makes them root-relative or says they are outside the root.
 */
export function toRootRelative(worktree: Worktree, typed: string): string {
  const text = typed.replaceAll('\\', '/');
  if (path.posix.isAbsolute(text) || worktree.prefix === '') return text;
  const joined = path.posix.normalize(path.posix.join(worktree.prefix, text));
  // Escaping the root: send the absolute path so the daemon's message names it.
  if (joined === '..' || joined.startsWith('../')) return path.resolve(worktree.root, joined);
  return text.endsWith('/') && !joined.endsWith('/') ? `${joined}/` : joined;
}
