import fs from 'node:fs';
import path from 'node:path';
import { jsonPath, type ConfigIssue } from './config-error.js';
import { cycleIssue, findCycles } from './dependency-order.js';
import { portReferences } from './interpolate.js';

const HEALTH_FIELDS = ['healthPath', 'healthCmd', 'tcp'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The rules the schema cannot say field by field: needs and ${PORT:<service>} name declared
 * services, no service needs itself, no cycles, at most one readiness check, cwd exists. Run on
 * the raw JSON (even when the schema fails elsewhere) so one run reports every problem.
 */
export function checkConfigRules(raw: unknown, root: string | null): ConfigIssue[] {
  if (!isObject(raw) || !isObject(raw.services)) return [];
  const services = raw.services;
  const names = Object.keys(services);
  const known = (name: string): boolean => Object.hasOwn(services, name);
  const issues: ConfigIssue[] = [];
  const graph: Record<string, { needs: string[] }> = {};

  for (const [name, service] of Object.entries(services)) {
    if (!isObject(service)) continue;
    const at = (...rest: (string | number)[]): string => jsonPath(['services', name, ...rest]);
    const needs = Array.isArray(service.needs) ? service.needs : [];
    graph[name] = { needs: needs.filter((need): need is string => typeof need === 'string') };
    needs.forEach((need, index) => {
      if (typeof need !== 'string') return;
      if (need === name)
        issues.push({ path: at('needs', index), message: 'a service cannot need itself' });
      else if (!known(need))
        issues.push({
          path: at('needs', index),
          message: `unknown service "${need}"${declared(names)}`,
        });
      else if (needs.indexOf(need) < index)
        issues.push({ path: at('needs', index), message: `"${need}" is listed twice` });
    });

    const texts: [string[], unknown][] = [[['cmd'], service.cmd]];
    if (isObject(service.env))
      for (const [key, value] of Object.entries(service.env)) texts.push([['env', key], value]);
    for (const [where, text] of texts) {
      if (typeof text !== 'string') continue;
      for (const ref of portReferences(text)) {
        if (ref.service === null || known(ref.service)) continue;
        const message =
          ref.service === ''
            ? `${ref.text} needs a service name, e.g. \${PORT:db}`
            : `${ref.text} names an unknown service "${ref.service}"${declared(names)}`;
        issues.push({ path: at(...where), message });
      }
    }

    const checks = HEALTH_FIELDS.filter((field) =>
      field === 'tcp' ? service.tcp === true : service[field] !== undefined,
    );
    if (checks.length > 1)
      issues.push({
        path: at(),
        message: `choose one readiness check, not ${checks.join(' and ')}`,
      });

    if (root !== null && typeof service.cwd === 'string' && service.cwd !== '') {
      const folder = path.resolve(root, service.cwd);
      if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory())
        issues.push({ path: at('cwd'), message: `folder "${service.cwd}" does not exist` });
    }
  }
  for (const cycle of findCycles(graph)) issues.push(cycleIssue(cycle));
  return issues;
}

function declared(names: string[]): string {
  return ` (declared: ${names.join(', ')})`;
}
