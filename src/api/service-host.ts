/**
 * The one mapping between service identities and the host names the daemon's proxy routes:
 *
 *   project:service          <->  service.project.localhost
 *   project:service:branch   <->  service--branch.project.localhost
 *
 * The service (and branch) make the first DNS label, so they may not contain '.'; the project is
 * everything between that label and `.localhost`, so a project may. A service name containing
 * `--` cannot be told apart from a branch, so such identities have no host name. Pure code with
 * no imports: the CLI (pd url, pd ps), the daemon's proxy and the dashboard all use it.
 */

const ROOT = 'localhost';
/** The opt-in suffix (PORT_DADDY_PD_LOCAL=1 on the daemon, plus a resolver: see docs/urls.md). */
export const PD_LOCAL_ROOT = 'pd.local';
const BRANCH_SEPARATOR = '--';
/** One identity segment as parseIdentity allows it (lower case). */
const SEGMENT = /^[a-z0-9][a-z0-9._-]*$/;

/** The host name of a service identity, or null when it has none (one segment, dots, `--`). */
export function serviceHostname(identity: string, root: string = ROOT): string | null {
  const segments = identity.trim().toLowerCase().split(':');
  if (segments.length < 2 || segments.length > 3) return null;
  if (!segments.every((segment) => SEGMENT.test(segment))) return null;
  const [project, service, branch] = segments as [string, string, string | undefined];
  if (service.includes('.') || service.includes(BRANCH_SEPARATOR)) return null;
  if (branch !== undefined && branch.includes('.')) return null;
  const label = branch === undefined ? service : `${service}${BRANCH_SEPARATOR}${branch}`;
  return `${label}.${project}.${root}`;
}

/** `http://<host name>:<port>/` for an identity, or null when it has no host name. */
export function serviceUrl(identity: string, port: number, root: string = ROOT): string | null {
  const hostname = serviceHostname(identity, root);
  return hostname === null ? null : `http://${hostname}:${port}/`;
}

/**
 * The identity a Host header names (`api.myapp.localhost`, `API.myapp.localhost:9876`,
 * `api--feat.myapp.localhost.`), or null when it names no service (`localhost`, `127.0.0.1`,
 * `myapp.localhost`, `example.com`).
 */
export function parseServiceHostname(
  host: string,
  options: { pdLocal?: boolean } = {},
): string | null {
  let name = host.trim().toLowerCase();
  if (name.startsWith('[')) return null;
  name = name.replace(/:\d*$/, '').replace(/\.$/, '');
  const roots = options.pdLocal ? [ROOT, PD_LOCAL_ROOT] : [ROOT];
  const root = roots.find((candidate) => name.endsWith(`.${candidate}`));
  if (root === undefined) return null;
  const suffix = `.${root}`;
  const labels = name.slice(0, -suffix.length);
  const firstDot = labels.indexOf('.');
  if (firstDot <= 0) return null;
  const label = labels.slice(0, firstDot);
  const project = labels.slice(firstDot + 1);
  const split = label.indexOf(BRANCH_SEPARATOR);
  const service = split === -1 ? label : label.slice(0, split);
  const branch = split === -1 ? undefined : label.slice(split + BRANCH_SEPARATOR.length);
  const segments = branch === undefined ? [project, service] : [project, service, branch];
  if (!segments.every((segment) => SEGMENT.test(segment) && segment.length <= 64)) return null;
  return segments.join(':');
}
