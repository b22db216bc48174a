import fs from 'node:fs';
import path from 'node:path';
import { KEY_LENGTH, newKey } from './note-cipher.js';

export class MasterKeyError extends Error {
  override name = 'MasterKeyError';
}

/**
 * Reads the master key that wraps every session's note key, creating it (mode 0600) on first
 * start. A file of the wrong size is refused rather than replaced: replacing it would make every
 * stored note unreadable.
 */
export function loadMasterKey(file: string): Buffer {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    // 'wx' fails when the file exists, so two starts never write two different keys.
    const fd = fs.openSync(file, 'wx', 0o600);
    try {
      const key = newKey();
      fs.writeSync(fd, key);
      fs.fsyncSync(fd);
      return key;
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = fs.readFileSync(file);
  if (key.length !== KEY_LENGTH) {
    throw new MasterKeyError(
      `${file} holds ${key.length} bytes, not ${KEY_LENGTH}: it is not a port-daddy master key. ` +
        'Restore the original file (notes are encrypted with it), or move it away to start with a new key and lose access to existing notes',
    );
  }
  // A key others can read protects nothing; tighten it rather than refuse to start.
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  return key;
}
