import net from 'node:net';

/** A RESP2 reply: simple strings and bulk strings as text, integers, arrays, null. */
export type RespValue = string | number | null | RespError | RespValue[];

export class RespError extends Error {
  override name = 'RespError';
}

/** Encodes one command as a RESP array of bulk strings. */
export function encodeCommand(args: readonly (string | number)[]): string {
  let out = `*${args.length}\r\n`;
  for (const arg of args) {
    const text = String(arg);
    out += `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
  }
  return out;
}

/** Parses as many complete replies as `buffer` holds from `offset`; returns where it stopped. */
function parseReply(
  buffer: Buffer,
  offset: number,
): { value: RespValue; next: number } | undefined {
  const lineEnd = buffer.indexOf('\r\n', offset);
  if (lineEnd === -1) return undefined;
  const kind = String.fromCharCode(buffer[offset]!);
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const next = lineEnd + 2;
  if (kind === '+') return { value: line, next };
  if (kind === '-') return { value: new RespError(line), next };
  if (kind === ':') return { value: Number(line), next };
  if (kind === '$') {
    const length = Number(line);
    if (length < 0) return { value: null, next };
    if (buffer.length < next + length + 2) return undefined;
    return { value: buffer.toString('utf8', next, next + length), next: next + length + 2 };
  }
  if (kind === '*') {
    const count = Number(line);
    if (count < 0) return { value: null, next };
    const items: RespValue[] = [];
    let cursor = next;
    for (let i = 0; i < count; i++) {
      const item = parseReply(buffer, cursor);
      if (!item) return undefined;
      items.push(item.value);
      cursor = item.next;
    }
    return { value: items, next: cursor };
  }
  throw new Error(`unexpected RESP type byte ${JSON.stringify(kind)}`);
}

/**
 * The least RESP client that can run the bench: commands answered in order, and (after
 * SUBSCRIBE) pushed messages handed to `onPush`. One socket, no pipelining beyond what callers do.
 */
export class RespClient {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly waiting: { resolve(value: RespValue): void; reject(error: Error): void }[] = [];
  onPush: ((value: RespValue[]) => void) | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => {
      for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('redis closed'));
    });
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host }, () => {
        socket.off('error', reject);
        resolve(new RespClient(socket));
      });
      socket.once('error', reject);
    });
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let offset = 0;
    for (;;) {
      const reply = parseReply(this.buffer, offset);
      if (!reply) break;
      offset = reply.next;
      const value = reply.value;
      if (this.onPush && Array.isArray(value) && value[0] === 'message') this.onPush(value);
      else this.waiting.shift()?.resolve(value);
    }
    this.buffer = offset === this.buffer.length ? Buffer.alloc(0) : this.buffer.subarray(offset);
  }

  command(...args: (string | number)[]): Promise<RespValue> {
    return new Promise((resolve, reject) => {
      this.waiting.push({
        resolve: (value) => (value instanceof RespError ? reject(value) : resolve(value)),
        reject,
      });
      this.socket.write(encodeCommand(args));
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
