/**
 * `${PORT}` (the service's own port) and `${PORT:<service>}` (another service's) in a service's
 * cmd and env values. `$${...}` keeps the text literally, minus one `$`, for the rare command that
 * needs a real `${PORT}` left for the shell. Any other `${...}` is left alone for the shell.
 */
const REFERENCE = /\$?\$\{PORT(?::([^}]*))?\}/g;

export interface PortReference {
  /** The named service, or null for the service's own `${PORT}`. */
  service: string | null;
  /** The text as written, e.g. `${PORT:db}`. */
  text: string;
}

/** The port references in a text, escaped ones excluded. */
export function portReferences(text: string): PortReference[] {
  const found: PortReference[] = [];
  for (const match of text.matchAll(REFERENCE)) {
    if (match[0].startsWith('$$')) continue;
    found.push({ service: match[1] ?? null, text: match[0] });
  }
  return found;
}

/** Replaces the port references; `ports` maps service names to ports, `self` names the service. */
export function interpolatePorts(
  text: string,
  self: string,
  ports: Readonly<Record<string, number>>,
): string {
  return text.replace(REFERENCE, (whole: string, service: string | undefined) => {
    if (whole.startsWith('$$')) return whole.slice(1);
    const name = service ?? self;
    const port = ports[name];
    if (port === undefined) throw new Error(`no port for service "${name}" in ${whole}`);
    return String(port);
  });
}

/** The services a service's cmd and env refer to with `${PORT:<service>}` (itself excluded). */
export function referencedServices(service: {
  cmd: string;
  env?: Record<string, string>;
}): string[] {
  const texts = [service.cmd, ...Object.values(service.env ?? {})];
  const names = texts.flatMap((text) => portReferences(text).map((ref) => ref.service));
  return [...new Set(names.filter((name): name is string => name !== null))];
}
