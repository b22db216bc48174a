import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';

// RFC 9110 7.6.1: these describe one connection, not the message, so a proxy drops them.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Headers minus the hop-by-hop ones, including any the Connection header names. */
export function endToEndHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = headers.connection?.toLowerCase().split(',') ?? [];
  const drop = new Set(named.map((name) => name.trim()).filter((name) => name !== ''));
  const kept: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !drop.has(name)) kept[name] = value;
  }
  return kept;
}

/**
 * What the dev server receives: the browser's own Host (Vite, Next and webpack check it, and
 * same-origin checks only hold if Host and Origin agree), plus X-Forwarded-For/-Host/-Proto.
 */
export function upstreamHeaders(request: IncomingMessage): OutgoingHttpHeaders {
  const headers = endToEndHeaders(request.headers);
  const client = request.socket.remoteAddress ?? '';
  const prior = request.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = prior ? `${String(prior)}, ${client}` : client;
  headers['x-forwarded-host'] = request.headers.host ?? '';
  headers['x-forwarded-proto'] = 'http';
  return headers;
}
