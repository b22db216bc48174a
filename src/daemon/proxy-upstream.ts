import http from 'node:http';
import type { LookupFunction } from 'node:net';

const LOOPBACK: { address: string; family: number }[] = [
  { address: '127.0.0.1', family: 4 },
  { address: '::1', family: 6 },
];

/**
 * Dev servers bind 127.0.0.1 or ::1 depending on the tool and the OS (Vite's "localhost" is ::1
 * on many machines), so "localhost" means both here: Node tries them in turn (happy eyeballs),
 * without asking a resolver.
 */
export const loopbackLookup = ((_hostname, options, callback) => {
  if (options.all) callback(null, LOOPBACK);
  else callback(null, LOOPBACK[0]!.address, LOOPBACK[0]!.family);
}) as LookupFunction;

export const UPSTREAM_HOST = 'localhost';

/** Keep-alive connections to dev servers, reused across requests. */
export function createUpstreamAgent(): http.Agent {
  return new http.Agent({
    keepAlive: true,
    maxFreeSockets: 64,
    noDelay: true,
    lookup: loopbackLookup,
    autoSelectFamily: true,
  } as http.AgentOptions);
}
