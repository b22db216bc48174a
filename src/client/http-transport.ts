import http from 'node:http';
import { PdError, type ErrorBody } from '../api/errors.js';

/** The daemon did not answer: not running, wrong URL, or not port-daddy. */
export class DaemonUnreachableError extends Error {
  override name = 'DaemonUnreachableError';
  readonly code = 'DAEMON_UNREACHABLE';
  constructor(
    readonly url: string,
    override readonly cause: Error,
  ) {
    super(
      `port-daddy daemon is not reachable at ${url} (${(cause as NodeJS.ErrnoException).code ?? cause.message}); start it with "pd start"`,
    );
  }
}

export interface TransportOptions {
  url: string;
  timeoutMs: number;
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EADDRNOTAVAIL',
  'ETIMEDOUT',
  'EPIPE',
]);

/** JSON over node:http with keep-alive: loads fast and reuses one socket per caller. */
export class HttpTransport {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  private readonly target: URL;

  constructor(private readonly options: TransportOptions) {
    this.target = new URL(options.url);
  }

  /** `timeoutMs` overrides the transport's idle timeout, for requests that wait on purpose. */
  request<T>(method: string, path: string, body?: unknown, timeoutMs?: number): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const request = http.request(
        {
          host: this.target.hostname.replace(/^\[|\]$/g, ''),
          port: this.target.port || 80,
          method,
          path,
          agent: this.agent,
          headers:
            payload === undefined
              ? {}
              : {
                  'content-type': 'application/json',
                  'content-length': Buffer.byteLength(payload),
                },
          timeout: timeoutMs ?? this.options.timeoutMs,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) =>
            reject(new DaemonUnreachableError(this.options.url, error)),
          );
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = response.statusCode ?? 0;
            try {
              const parsed = text === '' ? {} : (JSON.parse(text) as unknown);
              if (status >= 200 && status < 300) return resolve(parsed as T);
              reject(decodeError(status, parsed));
            } catch {
              reject(
                new PdError(
                  'BAD_RESPONSE',
                  `unexpected ${status} answer from ${this.options.url}: is it a port-daddy daemon?`,
                  { status },
                  status,
                ),
              );
            }
          });
        },
      );
      request.on('timeout', () =>
        request.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })),
      );
      request.on('error', (error: NodeJS.ErrnoException) => {
        reject(
          UNREACHABLE.has(error.code ?? '')
            ? new DaemonUnreachableError(this.options.url, error)
            : error,
        );
      });
      request.end(payload);
    });
  }

  /** The daemon URL this transport talks to. */
  get url(): string {
    return this.options.url;
  }

  close(): void {
    this.agent.destroy();
  }
}

function decodeError(status: number, parsed: unknown): PdError {
  const body = parsed as Partial<ErrorBody>;
  if (body?.error && typeof body.error.code === 'string') {
    return new PdError(body.error.code, body.error.message, body.error.details ?? {}, status);
  }
  return new PdError('BAD_RESPONSE', `unexpected ${status} answer`, { status }, status);
}
