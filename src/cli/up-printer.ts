import type { LogPrefixer } from '../orchestrator/log-prefix.js';
import type { ServiceStatus } from '../orchestrator/supervisor-types.js';

const HOST = 'pd';

/**
 * What `pd up` prints: service output on stdout as `name | line`, pd's own lines on stderr with
 * the same prefix; with --json, one object a line on stdout instead (pd's lines stay on stderr).
 */
export class UpPrinter {
  constructor(
    private readonly prefixer: LogPrefixer,
    private readonly json: boolean,
  ) {}

  log(service: string, stream: 'stdout' | 'stderr', line: string): void {
    if (this.json) return writeJson({ type: 'log', service, stream, line });
    process.stdout.write(this.prefixer.line(service, line) + '\n');
  }

  host(text: string): void {
    process.stderr.write(this.prefixer.line(HOST, text) + '\n');
  }

  status(status: ServiceStatus, lastLines: readonly string[]): void {
    const failed = status.state === 'failed';
    if (this.json)
      writeJson({ type: 'status', at: Date.now(), ...status, ...(failed ? { lastLines } : {}) });
    const line = describeStatus(status);
    if (line !== undefined) this.host(line);
    if (!failed) return;
    this.host(
      lastLines.length ? `last lines of ${status.name}:` : `${status.name} printed nothing`,
    );
    for (const text of lastLines)
      process.stderr.write(this.prefixer.line(status.name, text) + '\n');
  }
}

function describeStatus(status: ServiceStatus): string | undefined {
  const { name, port, pid, message } = status;
  switch (status.state) {
    case 'pending':
      return undefined;
    case 'starting':
      return `${name} starting on :${port} (pid ${pid})`;
    case 'ready': {
      const took = status.startedAt === null ? '' : ` (${seconds(Date.now() - status.startedAt)})`;
      return message ? `${name} ${message}` : `${name} ready on :${port}${took}`;
    }
    case 'stopping':
      return `${name} stopping`;
    case 'stopped':
      return message ? `${name} ${message}` : `${name} stopped`;
    case 'failed':
      return `${name} failed: ${message ?? 'unknown reason'}`;
    default:
      return `${name} ${status.state}${message ? `: ${message}` : ''}`;
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

function writeJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}
