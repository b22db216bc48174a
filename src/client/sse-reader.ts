import http from 'node:http';
import { PdError, type ErrorBody } from '../api/errors.js';

export interface SseEvent {
  event: string;
  id: string | undefined;
  data: string;
}

export interface SseRequest {
  url: URL;
  lastEventId?: string | undefined;
  onEvent(event: SseEvent): void;
}

export interface SseStream {
  /** Resolves when the server ends the stream; rejects when it cannot be opened. */
  done: Promise<void>;
  close(): void;
}

/** Splits a text/event-stream into events (WHATWG rules for event, id, data and comments). */
export class SseParser {
  private buffer = '';
  private event = '';
  private id: string | undefined;
  private data: string[] = [];

  constructor(private readonly onEvent: (event: SseEvent) => void) {}

  push(text: string): void {
    this.buffer += text;
    let newline: number;
    while ((newline = this.buffer.search(/\r\n|\r|\n/)) !== -1) {
      const line = this.buffer.slice(0, newline);
      const width = this.buffer.startsWith('\r\n', newline) ? 2 : 1;
      this.buffer = this.buffer.slice(newline + width);
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') {
      if (this.data.length > 0 || this.event !== '')
        this.onEvent({ event: this.event || 'message', id: this.id, data: this.data.join('\n') });
      this.event = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id') this.id = value;
  }
}

/** Opens a Server-Sent Events stream over node:http (no fetch: it is slow to load). */
export function openSse(request: SseRequest): SseStream {
  let outgoing: http.ClientRequest | undefined;
  let closed = false;
  const done = new Promise<void>((resolve, reject) => {
    outgoing = http.get(
      {
        host: request.url.hostname.replace(/^\[|\]$/g, ''),
        port: request.url.port || 80,
        path: request.url.pathname + request.url.search,
        agent: false,
        headers: {
          accept: 'text/event-stream',
          ...(request.lastEventId === undefined ? {} : { 'last-event-id': request.lastEventId }),
        },
      },
      (response) => {
        response.setEncoding('utf8');
        if (response.statusCode !== 200) {
          let text = '';
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => reject(decodeError(response.statusCode ?? 0, text)));
          return;
        }
        const parser = new SseParser(request.onEvent);
        response.on('data', (chunk: string) => parser.push(chunk));
        response.on('end', () => resolve());
        response.on('error', (error) => (closed ? resolve() : reject(error)));
      },
    );
    outgoing.on('error', (error) => (closed ? resolve() : reject(error)));
  });
  return {
    done,
    close() {
      closed = true;
      outgoing?.destroy();
    },
  };
}

function decodeError(status: number, text: string): PdError {
  try {
    const body = JSON.parse(text) as Partial<ErrorBody>;
    if (body.error && typeof body.error.code === 'string')
      return new PdError(body.error.code, body.error.message, body.error.details ?? {}, status);
  } catch {
    // not an error body
  }
  return new PdError('BAD_RESPONSE', `unexpected ${status} answer`, { status }, status);
}
