import http from 'node:http';

export interface SseFrame {
  event: string;
  id: number;
  data: Record<string, unknown>;
}

export interface SseConnection {
  frames: SseFrame[];
  status: Promise<number>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Follows `path` as Server-Sent Events and collects each frame (test side, plain node:http). */
export function connectSse(
  url: string,
  path: string,
  headers: Record<string, string> = {},
): SseConnection {
  const frames: SseFrame[] = [];
  let resolveStatus!: (status: number) => void;
  const status = new Promise<number>((resolve) => (resolveStatus = resolve));
  let request: http.ClientRequest;
  const ended = new Promise<void>((resolve) => {
    request = http.get(url + path, { headers, agent: false }, (response) => {
      resolveStatus(response.statusCode ?? 0);
      response.setEncoding('utf8');
      let buffer = '';
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) =>
            block
              .split('\n')
              .find((line) => line.startsWith(name + ': '))
              ?.slice(name.length + 2);
          const data = field('data');
          if (data === undefined) continue;
          frames.push({
            event: field('event') ?? 'message',
            id: Number(field('id')),
            data: JSON.parse(data) as Record<string, unknown>,
          });
        }
      });
      response.on('end', () => resolve());
      response.on('error', () => resolve());
    });
    request.on('error', () => resolve());
  });
  return { frames, status, ended, close: () => request.destroy() };
}

export function messagesOf(frames: SseFrame[]): unknown[] {
  return frames.filter((frame) => frame.event === 'message').map((frame) => frame.data.message);
}
