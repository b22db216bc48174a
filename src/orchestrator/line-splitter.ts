import type { Readable } from 'node:stream';

/** A line longer than this is cut: a process printing without newlines must not grow us. */
const MAX_LINE = 16_384;

/** Calls `onLine` for each line of a stream (without its \n or \r\n), the last one included. */
export function splitLines(stream: Readable, onLine: (line: string) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      onLine(pending.slice(0, newline).replace(/\r$/, ''));
      pending = pending.slice(newline + 1);
    }
    if (pending.length > MAX_LINE) {
      onLine(pending.slice(0, MAX_LINE));
      pending = pending.slice(MAX_LINE);
    }
  });
  stream.on('end', () => {
    if (pending !== '') onLine(pending.replace(/\r$/, ''));
    pending = '';
  });
}
