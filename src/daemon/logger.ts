import fs from 'node:fs';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  close(): void;
}

export interface FileLoggerOptions {
  path: string;
  /** Rotate when the file would grow past this (default 1 MB). */
  maxBytes?: number;
  /** Rotated files kept: daemon.log.1 ... daemon.log.N (default 3). */
  keep?: number;
  /** Also write each line here (foreground mode). */
  echo?: NodeJS.WritableStream;
  debug?: boolean;
}

/** Appends one line per entry to a file whose size stays bounded by rotation. */
export function createFileLogger(options: FileLoggerOptions): Logger {
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const keep = options.keep ?? 3;
  let fd = fs.openSync(options.path, 'a', 0o600);
  let size = fs.fstatSync(fd).size;

  const rotate = () => {
    fs.closeSync(fd);
    for (let index = keep - 1; index >= 1; index--) {
      const from = `${options.path}.${index}`;
      if (fs.existsSync(from)) fs.renameSync(from, `${options.path}.${index + 1}`);
    }
    fs.renameSync(options.path, `${options.path}.1`);
    fd = fs.openSync(options.path, 'a', 0o600);
    size = 0;
  };

  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (level === 'debug' && !options.debug) return;
    const extra = fields && Object.keys(fields).length > 0 ? ' ' + JSON.stringify(fields) : '';
    const line = `${new Date().toISOString()} ${level.padEnd(5)} ${message}${extra}\n`;
    const bytes = Buffer.byteLength(line);
    if (size > 0 && size + bytes > maxBytes) rotate();
    fs.writeSync(fd, line);
    size += bytes;
    options.echo?.write(line);
  };

  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    close: () => fs.closeSync(fd),
  };
}
