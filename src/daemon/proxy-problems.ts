import type { ProxyProblem } from './proxy-page.js';
import type { RoutableService } from './proxy-route.js';

/** A name that parses as a service but that nothing has claimed. */
export function unknownService(
  host: string,
  identity: string,
  routes: RoutableService[],
): ProxyProblem {
  return {
    status: 404,
    code: 'UNKNOWN_SERVICE',
    title: 'No such service',
    message: `${host} names ${identity}, which holds no port.`,
    hint: `Start it with "pd up" (or "pd run ${identity} -- <command>"), or use one of the names below.`,
    details: { host, identity },
    routes,
  };
}

/** The claim exists but nothing answers on its port (or it hung up before answering). */
export function upstreamUnreachable(
  host: string,
  identity: string,
  port: number,
  error: NodeJS.ErrnoException,
  routes: RoutableService[],
): ProxyProblem {
  const reason = error.code ?? error.message;
  return {
    status: 502,
    code: 'UPSTREAM_UNREACHABLE',
    title: 'Service not answering',
    message: `${host} routes to ${identity} on port ${port}, but nothing answered there (${reason}).`,
    hint: `Is its dev server running and listening on port ${port}? See "pd ps" and "pd who ${port}".`,
    details: { host, identity, port, reason },
    routes,
  };
}

/** A claim on the daemon's own port would send the proxy to itself forever. */
export function proxyLoop(
  host: string,
  identity: string,
  port: number,
  routes: RoutableService[],
): ProxyProblem {
  return {
    status: 508,
    code: 'PROXY_LOOP',
    title: 'Loop detected',
    message: `${host} routes to ${identity} on port ${port}, which is port-daddy itself.`,
    hint: `Release it ("pd release ${identity}") and claim a port of its own.`,
    details: { host, identity, port },
    routes,
  };
}
