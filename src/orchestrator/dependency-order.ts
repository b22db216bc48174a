import { ConfigError, jsonPath, type ConfigIssue } from './config-error.js';
import type { ProjectConfig } from './config-schema.js';

type NeedsGraph = Record<string, { needs?: readonly string[] }>;

/**
 * The order to start services in: every service after what it needs, ties in declaration order,
 * so the same file always gives the same order. With `only`, those services and everything they
 * need (transitively). Stop in the reverse order. Throws a ConfigError naming a cycle or an
 * unknown service.
 */
export function serviceOrder(
  config: Pick<ProjectConfig, 'services'>,
  only?: readonly string[],
): string[] {
  const services: NeedsGraph = config.services;
  const names = Object.keys(services);
  const unknown = (only ?? []).filter((name) => !Object.hasOwn(services, name));
  if (unknown.length > 0)
    throw new ConfigError(
      '.portdaddyrc',
      unknown.map((name) => ({
        path: '',
        message: `unknown service "${name}" (services: ${names.join(', ')})`,
      })),
    );
  const cycle = findCycles(services)[0];
  if (cycle) throw new ConfigError('.portdaddyrc', [cycleIssue(cycle)]);

  const wanted = only && only.length > 0 ? withNeeds(services, only) : new Set(names);
  const order: string[] = [];
  const placed = new Set<string>();
  // Kahn's algorithm, picking the first declared service whose needs are all placed.
  while (order.length < wanted.size) {
    const next = names.find(
      (name) =>
        wanted.has(name) &&
        !placed.has(name) &&
        (services[name]!.needs ?? []).every((need) => placed.has(need) || !wanted.has(need)),
    );
    if (!next) break; // unreachable: cycles were ruled out above
    order.push(next);
    placed.add(next);
  }
  return order;
}

function withNeeds(services: NeedsGraph, only: readonly string[]): Set<string> {
  const wanted = new Set<string>();
  const visit = (name: string): void => {
    if (wanted.has(name) || !Object.hasOwn(services, name)) return;
    wanted.add(name);
    for (const need of services[name]!.needs ?? []) visit(need);
  };
  only.forEach(visit);
  return wanted;
}

/**
 * Every distinct dependency cycle, each as the path that closes it (`['api', 'worker', 'api']`),
 * starting from its first declared service. Needs naming unknown services and a service needing
 * itself are reported elsewhere and skipped here.
 */
export function findCycles(services: NeedsGraph): string[][] {
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    stack.push(name);
    seen.add(name);
    for (const need of services[name]!.needs ?? []) {
      if (need === name || !Object.hasOwn(services, need) || done.has(need)) continue;
      const at = stack.indexOf(need);
      if (at >= 0) cycles.push([...stack.slice(at), need]);
      else if (!seen.has(need)) visit(need);
    }
    stack.pop();
    done.add(name);
  };
  for (const name of Object.keys(services)) if (!seen.has(name)) visit(name);
  return cycles;
}

export function cycleIssue(cycle: readonly string[]): ConfigIssue {
  return {
    path: jsonPath(['services', cycle[0]!, 'needs']),
    message: `dependency cycle: ${cycle.join(' -> ')}`,
  };
}
