import fs from 'node:fs';
import path from 'node:path';

/** `$PORT_DADDY_HOME/tube/<channel>.cursor`: the channel is URI-encoded (':' and patterns). */
export function tubeCursorPath(home: string, channel: string): string {
  return path.join(home, 'tube', `${encodeURIComponent(channel)}.cursor`);
}

/** The id of the last message this listener saw on the channel, or undefined before the first. */
export function readCursor(file: string): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

/**
 * Moves the cursor forward to `id` (never back: an older `--since` must not make a later run
 * repeat what was seen). Written to a temporary file and renamed, so a reader sees the old
 * cursor or the new one, never half of one.
 */
export function advanceCursor(file: string, id: number): void {
  const current = readCursor(file);
  if (current !== undefined && current >= id) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${id}\n`);
  fs.renameSync(temporary, file);
}
