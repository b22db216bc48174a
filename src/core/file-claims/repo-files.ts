import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Outside git the folder is walked; this many files at most, and never these folders. */
export const MAX_WALKED_FILES = 20_000;
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', '.portdaddy']);
const CACHE_MS = 2000;

function gitListFiles(root: string): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
      { cwd: root, timeout: 10_000, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout) => resolve(error ? undefined : stdout.split('\0').filter(Boolean)),
    );
  });
}

async function walkFiles(root: string, limit: number): Promise<string[]> {
  const files: string[] = [];
  const pending = [''];
  while (pending.length > 0 && files.length < limit) {
    const folder = pending.shift()!;
    const entries = await fs
      .readdir(path.join(root, folder), { withFileTypes: true })
      .catch(() => []);
    for (const entry of entries) {
      const relative = folder === '' ? entry.name : `${folder}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) pending.push(relative);
      } else if (files.length < limit) files.push(relative);
    }
  }
  return files;
}

/**
 * The files of a worktree, root-relative: git's tracked and untracked-but-not-ignored files, or a
 * capped walk of the folder outside git. Cached briefly per root: a burst of claims lists once.
 */
export class RepoFiles {
  private readonly cache = new Map<string, { at: number; files: Promise<string[]> }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly walkLimit = MAX_WALKED_FILES,
  ) {}

  list(root: string): Promise<string[]> {
    const now = this.now();
    const cached = this.cache.get(root);
    if (cached && now - cached.at < CACHE_MS) return cached.files;
    for (const [key, entry] of this.cache) if (now - entry.at >= CACHE_MS) this.cache.delete(key);
    const files = gitListFiles(root).then((listed) => listed ?? walkFiles(root, this.walkLimit));
    this.cache.set(root, { at: now, files });
    return files;
  }
}
