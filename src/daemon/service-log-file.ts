import fs from 'node:fs';
import path from 'node:path';

export interface ServiceLogFileOptions {
  /** Rotate when the file would grow past this (default 1 MB); one rotated file (.1) is kept. */
  maxBytes?: number;
}

/**
 * `<home>/logs/<project>/<file>.log`: `api.log` for project:api, `api--feat.log` for
 * project:api:feat (the service's host-name label), the identity's segments otherwise.
 */
export function serviceLogPath(home: string, project: string, identity: string): string {
  const segments = identity.split(':');
  const rest = segments[0] === project && segments.length > 1 ? segments.slice(1) : segments;
  return path.join(home, 'logs', project, `${rest.join('--')}.log`);
}

/** One service's output, one line per write, mode 0600, its size bounded by rotation. */
export class ServiceLogFile {
  private fd: number;
  private size: number;
  private readonly maxBytes: number;
  private closed = false;

  constructor(
    readonly file: string,
    options: ServiceLogFileOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 1024 * 1024;
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    this.fd = fs.openSync(this.file, 'a', 0o600);
    fs.fchmodSync(this.fd, 0o600);
    this.size = fs.fstatSync(this.fd).size;
  }

  /** A line that comes after close (a last status of a stopped service) is dropped. */
  write(line: string): void {
    if (this.closed) return;
    const text = line.endsWith('\n') ? line : `${line}\n`;
    const bytes = Buffer.byteLength(text);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    fs.writeSync(this.fd, text);
    this.size += bytes;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }

  private rotate(): void {
    fs.closeSync(this.fd);
    fs.renameSync(this.file, `${this.file}.1`);
    this.fd = fs.openSync(this.file, 'a', 0o600);
    this.size = 0;
  }
}
