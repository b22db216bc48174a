import { parseServiceHostname, serviceUrl } from '../api/service-host.js';
import type { PortRegistry } from '../core/ports/index.js';

/** Where a request goes, decided from its Host header alone. */
export type ProxyRoute =
  | { kind: 'api' }
  | { kind: 'unknown'; host: string; identity: string }
  | { kind: 'service'; host: string; identity: string; port: number };

/** A service name that is claimed, with the URL that reaches it through the proxy. */
export interface RoutableService {
  identity: string;
  url: string;
  port: number;
}

/**
 * `api.myapp.localhost[:port]` routes to the claimed port of `myapp:api`; every other Host
 * (localhost, 127.0.0.1, [::1], myapp.localhost, a foreign name) is the API's, whose guard
 * decides. The claim is read per request, so a re-claimed port is followed at once.
 */
export function resolveProxyRoute(
  host: string | undefined,
  ports: PortRegistry,
  pdLocal = false,
): ProxyRoute {
  if (host === undefined) return { kind: 'api' };
  const identity = parseServiceHostname(host, { pdLocal });
  if (identity === null) return { kind: 'api' };
  const claim = ports.get(identity);
  if (claim === undefined) return { kind: 'unknown', host, identity };
  return { kind: 'service', host, identity, port: claim.port };
}

/** Every claimed identity that has a host name (2 or 3 segments), for the 404 page. */
export function routableServices(ports: PortRegistry, proxyPort: number): RoutableService[] {
  const routable: RoutableService[] = [];
  for (const claim of ports.find()) {
    const url = serviceUrl(claim.identity, proxyPort);
    if (url !== null) routable.push({ identity: claim.identity, url, port: claim.port });
  }
  return routable;
}
