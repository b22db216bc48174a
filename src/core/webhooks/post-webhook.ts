import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';

export interface PostRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  signal: AbortSignal;
}

export interface PostResult {
  /** The receiver's status, or undefined when it never answered. */
  status?: number;
  error?: string;
  durationMs: number;
}

export type PostWebhook = (request: PostRequest) => Promise<PostResult>;

/** One POST with node:http(s): never a shell, never follows redirects, never rejects. */
export const postWebhook: PostWebhook = (request) => {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    const url = new URL(request.url);
    const send = url.protocol === 'https:' ? https.request : http.request;
    let settled = false;
    const finish = (result: Omit<PostResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...result, durationMs: elapsed() });
    };
    const outgoing = send(
      url,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        signal: request.signal,
        agent: false,
      },
      (response) => {
        // The answer's body is not used; read it so the socket closes cleanly.
        response.resume();
        response.once('end', () => finish({ status: response.statusCode ?? 0 }));
        response.once('error', (error) => finish({ error: error.message }));
      },
    );
    outgoing.setTimeout(request.timeoutMs, () => {
      finish({ error: `timed out after ${request.timeoutMs} ms` });
      outgoing.destroy();
    });
    outgoing.once('error', (error: NodeJS.ErrnoException) =>
      finish({ error: error.code ? `${error.code}: ${error.message}` : error.message }),
    );
    outgoing.end(request.body);
  });
};
