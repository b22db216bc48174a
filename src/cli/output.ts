import pc from 'picocolors';

/** Colours only on a TTY and never with NO_COLOR. */
export const useColor =
  Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';
const colors = pc.createColors(useColor);
export const { bold, dim, green, red, yellow, cyan } = colors;

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function printLine(text = ''): void {
  process.stdout.write(text + '\n');
}

/** Collapses whitespace and cuts to `width` characters, for one table cell or one line. */
export function oneLine(text: string | null, width = 48): string {
  if (text === null) return '-';
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

/** Aligned columns; the header is bold on a TTY. */
export function printTable(headers: string[], rows: string[][]): void {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  printLine(bold(line(headers)));
  for (const row of rows) printLine(line(row));
}

/** 42s, 5m, 3h, 2d: compact and good enough for "how long ago". */
export function formatDuration(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) {
    const minutes = Math.floor((seconds % 3600) / 60);
    return `${Math.floor(seconds / 3600)}h${minutes ? `${minutes}m` : ''}`;
  }
  return `${Math.floor(seconds / 86_400)}d`;
}

export function age(iso: string, now = Date.now()): string {
  return formatDuration(now - Date.parse(iso));
}

export function until(iso: string | null, now = Date.now()): string {
  if (iso === null) return '-';
  const left = Date.parse(iso) - now;
  return left <= 0 ? 'now' : `in ${formatDuration(left)}`;
}
