import type { IncomingMessage } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import { PdError } from '../api/errors.js';

export const MAX_BODY_BYTES = 1024 * 1024;

function tooLarge(): PdError {
  return new PdError('PAYLOAD_TOO_LARGE', `request body is larger than ${MAX_BODY_BYTES} bytes`, {
    limit: MAX_BODY_BYTES,
  });
}

/** Reads the node request directly: building a WHATWG Request per call costs more than the route. */
function readIncoming(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Keep draining what remains so the 413 can be answered; store none of it.
        chunks.length = 0;
        reject(tooLarge());
      } else chunks.push(chunk);
    });
    incoming.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    incoming.once('error', reject);
  });
}

/** The JSON body (an empty body is `{}`): 413 past 1 MB, 400 when it is not JSON. */
export async function readJson(c: Context): Promise<unknown> {
  const declared = Number(c.req.header('content-length'));
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
  const text = incoming ? await readIncoming(incoming) : await c.req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw tooLarge();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PdError(
      'MALFORMED_JSON',
      `request body is not valid JSON: ${(error as Error).message}`,
      {},
    );
  }
}
