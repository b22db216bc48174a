import crypto from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';

// A minimal WebSocket (RFC 6455) for tests: the handshake and unfragmented text frames, enough
// to prove the proxy pipes an upgraded connection both ways byte for byte.

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export const acceptKey = (key: string) =>
  crypto
    .createHash('sha1')
    .update(key + GUID)
    .digest('base64');

/** One text frame; clients must mask theirs (RFC 6455 5.3), servers must not. */
export function encodeText(text: string, masked: boolean): Buffer {
  const payload = Buffer.from(text);
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x81, length | (masked ? 0x80 : 0)])
      : Buffer.from([0x81, 126 | (masked ? 0x80 : 0), length >> 8, length & 0xff]);
  if (!masked) return Buffer.concat([header, payload]);
  const mask = crypto.randomBytes(4);
  const body = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([header, mask, body]);
}

/** Reads whole text frames out of a byte stream, however the bytes were split. */
export class FrameReader {
  private buffer = Buffer.alloc(0);
  push(chunk: Buffer): string[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const texts: string[] = [];
    for (;;) {
      if (this.buffer.length < 2) return texts;
      const masked = (this.buffer[1]! & 0x80) !== 0;
      let length = this.buffer[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffer.length < 4) return texts;
        length = this.buffer.readUInt16BE(2);
        offset = 4;
      }
      const maskBytes = masked ? this.buffer.subarray(offset, offset + 4) : undefined;
      if (masked) offset += 4;
      if (this.buffer.length < offset + length) return texts;
      const payload = Buffer.from(this.buffer.subarray(offset, offset + length));
      if (maskBytes) for (let i = 0; i < payload.length; i++) payload[i]! ^= maskBytes[i % 4]!;
      texts.push(payload.toString());
      this.buffer = this.buffer.subarray(offset + length);
    }
  }
}

/** Accepts upgrades on /ws and echoes every text frame back as "echo: <text>". */
export function acceptEchoUpgrades(server: http.Server): void {
  server.on('upgrade', (request: http.IncomingMessage, socket: Duplex) => {
    if (request.url !== '/ws') {
      socket.end(
        'HTTP/1.1 400 Bad Request\r\nContent-Length: 10\r\nConnection: close\r\n\r\nnot here\r\n',
      );
      return;
    }
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${acceptKey(String(request.headers['sec-websocket-key']))}\r\n` +
        `X-Seen-Host: ${request.headers.host}\r\n\r\n`,
    );
    const reader = new FrameReader();
    socket.on('data', (chunk: Buffer) => {
      for (const text of reader.push(chunk)) socket.write(encodeText(`echo: ${text}`, false));
    });
    // Upgraded sockets leave the HTTP server, which no longer closes them for us.
    socket.on('end', () => socket.end());
    socket.on('error', () => socket.destroy());
  });
}

export interface WebSocketClient {
  response: http.IncomingMessage;
  socket: Duplex;
  send(text: string): void;
  /** Resolves with the next text frame received. */
  next(): Promise<string>;
  close(): void;
}

/**
 * Opens a WebSocket to 127.0.0.1:port with the given Host (on `agent`'s connection if given);
 * rejects with any non-101 answer.
 */
export function connectWebSocket(
  port: number,
  host: string,
  path: string,
  agent?: http.Agent,
): Promise<WebSocketClient> {
  return new Promise((resolve, reject) => {
    const key = crypto.randomBytes(16).toString('base64');
    const request = http.request({
      host: '127.0.0.1',
      port,
      path,
      ...(agent ? { agent } : {}),
      headers: {
        host,
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': key,
      },
    });
    request.on('upgrade', (response, socket, head) => {
      if (response.headers['sec-websocket-accept'] !== acceptKey(key)) {
        reject(new Error('bad Sec-WebSocket-Accept'));
        return;
      }
      const reader = new FrameReader();
      const received: string[] = [];
      const waiting: ((text: string) => void)[] = [];
      const deliver = (chunk: Buffer) => {
        for (const text of reader.push(chunk)) {
          const waiter = waiting.shift();
          if (waiter) waiter(text);
          else received.push(text);
        }
      };
      if (head.length > 0) deliver(head);
      socket.on('data', deliver);
      socket.on('error', () => socket.destroy());
      resolve({
        response,
        socket,
        send: (text) => socket.write(encodeText(text, true)),
        next: () =>
          received.length > 0
            ? Promise.resolve(received.shift()!)
            : new Promise((done) => waiting.push(done)),
        close: () => socket.destroy(),
      });
    });
    request.on('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () =>
        reject(Object.assign(new Error(`no upgrade: ${response.statusCode}`), { response, body })),
      );
    });
    request.on('error', reject);
    request.end();
  });
}
