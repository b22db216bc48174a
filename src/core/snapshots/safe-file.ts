import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PdError } from '../../api/errors.js';

/** What a claimed file holds now: its bytes, or only its size when over the cap. */
export type FileRead = { bytes: Buffer } | { tooLarge: number };

/** Temp files of a restore start with this, so the watcher never copies them. */
export const RESTORE_TEMP_PREFIX = '.pd-restore-';

const isInside = (dir: string, target: string) =>
  target === dir || target.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

function refuse(reason: string, message: string, details: Record<string, unknown>): PdError {
  return new PdError('NOT_RESTORABLE', message, { reason, ...details });
}

/**
 * The absolute path of `file` under `root`, refusing anything that would leave the root: `..`,
 * absolute paths, or a folder on the way that is a symlink pointing elsewhere.
 */
export function resolveInsideRoot(root: string, file: string): string {
  const normal = path.posix.normalize(file);
  if (path.isAbsolute(file) || normal === '.' || normal.startsWith('../') || normal === '..') {
    throw refuse('outside-root', `${file} is not a path inside ${root}`, { root, path: file });
  }
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    throw refuse('root-missing', `the folder ${root} no longer exists`, { root, path: file });
  }
  const target = path.join(realRoot, normal);
  // The nearest folder that exists must resolve inside the root (no symlinked escape).
  let dir = path.dirname(target);
  while (!fs.existsSync(dir)) dir = path.dirname(dir);
  if (!isInside(realRoot, fs.realpathSync(dir))) {
    throw refuse('symlink-escape', `${file} resolves outside ${root} through a symlink`, {
      root,
      path: file,
    });
  }
  return target;
}

/** The current bytes of a regular file inside the root; undefined when missing or not a file. */
export function readInsideRoot(root: string, file: string, maxBytes: number): FileRead | undefined {
  let target: string;
  try {
    target = resolveInsideRoot(root, file);
  } catch {
    return undefined;
  }
  let stats: fs.Stats;
  try {
    stats = fs.lstatSync(target);
  } catch {
    return undefined;
  }
  // A symlink could point anywhere: its target is not the claimed file.
  if (!stats.isFile()) return undefined;
  if (stats.size > maxBytes) return { tooLarge: stats.size };
  try {
    const bytes = fs.readFileSync(target);
    return bytes.length > maxBytes ? { tooLarge: bytes.length } : { bytes };
  } catch {
    return undefined;
  }
}

/**
 * Writes `bytes` to `file` under `root` atomically: a temp file in the same folder, then a
 * rename, so a reader sees the old bytes or the new ones, never half. Keeps the file's mode.
 */
export function writeInsideRoot(root: string, file: string, bytes: Buffer): void {
  const target = resolveInsideRoot(root, file);
  let mode = 0o644;
  const existing = fs.lstatSync(target, { throwIfNoEntry: false });
  if (existing) {
    if (!existing.isFile()) {
      throw refuse('not-a-file', `${file} is a symlink or a folder now; not writing over it`, {
        root,
        path: file,
      });
    }
    mode = existing.mode & 0o7777;
  }
  const temp = path.join(
    path.dirname(target),
    `${RESTORE_TEMP_PREFIX}${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(temp, bytes, { mode, flag: 'wx' });
    fs.chmodSync(temp, mode);
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    const reason = (error as NodeJS.ErrnoException).code ?? 'write-failed';
    throw refuse('write-failed', `could not write ${file}: ${(error as Error).message}`, {
      root,
      path: file,
      error: reason,
    });
  }
}
