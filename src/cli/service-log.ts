import type { ServiceView } from '../api/services.js';
import type { CliContext } from './cli-context.js';
import { CliError, EXIT } from './exit-codes.js';
import { projectHere } from './project-here.js';

/**
 * The service `pd logs <name>` means: an identity as given, else the service of that name in the
 * project of the .portdaddyrc here (or, without one, the only service of that name).
 */
export async function findServiceForLogs(ctx: CliContext, name: string): Promise<ServiceView> {
  if (name.includes(':')) return ctx.call((client) => client.services.get(name));
  const project = await projectHere();
  const { services } = await ctx.call((client) => client.services.list(project));
  const matches = services.filter((service) => service.name === name.toLowerCase());
  const withLog = matches.filter((service) => service.logFile !== null);
  const candidates = withLog.length > 0 ? withLog : matches;
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0)
    throw new CliError(
      `no service ${name}${project === undefined ? '' : ` in project ${project}`}: see pd ps`,
      EXIT.FAILED,
    );
  throw new CliError(
    `${name} names several services (${candidates.map((s) => s.identity).join(', ')}): pass the identity`,
    EXIT.USAGE,
  );
}

/** Its log file, or why it has none. */
export function logFileOf(service: ServiceView): string {
  if (service.logFile !== null) return service.logFile;
  const where =
    service.host === 'cli'
      ? `it runs in a foreground pd up (pid ${service.hostPid}): its output is in that terminal`
      : 'it was only marked ready; port-daddy does not run it';
  throw new CliError(`no log file for ${service.identity}: ${where}`, EXIT.FAILED);
}
