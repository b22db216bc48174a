import type { MiddlewareHandler } from 'hono';
import { PdError } from '../api/errors.js';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** Loopback names, including 127.x.x.x and *.localhost (RFC 6761 keeps those on this machine). */
export function isLoopbackHostname(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return (
    LOOPBACK_NAMES.has(name) || name.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(name)
  );
}

function hostnameOfHostHeader(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.replace(/:\d*$/, '');
}

/**
 * Refuses requests a browser could send on a web page's behalf: a Host that is not a loopback
 * name (DNS rebinding) and an Origin that is not loopback (cross-site requests).
 */
export function loopbackGuard(): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host');
    if (host === undefined || !isLoopbackHostname(hostnameOfHostHeader(host))) {
      throw new PdError(
        'FORBIDDEN_HOST',
        `Host "${host ?? ''}" is not a loopback name; port-daddy only answers localhost`,
        { host: host ?? null },
      );
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && !isLoopbackOrigin(origin)) {
      throw new PdError(
        'FORBIDDEN_ORIGIN',
        `Origin "${origin}" is not allowed; port-daddy only answers pages served from localhost`,
        { origin },
      );
    }
    await next();
  };
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHostname(url.hostname)
    );
  } catch {
    return false;
  }
}
