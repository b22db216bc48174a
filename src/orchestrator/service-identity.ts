import type { ServiceConfig } from './config-schema.js';

/** Branches whose services keep the plain `project:service` identity. */
const DEFAULT_BRANCHES = new Set(['main', 'master']);
const MAX_BRANCH_SEGMENT = 40;

/**
 * The identity a service claims its port under: its `identity` override, else `project:service`,
 * plus `:branch` off the default branch so that each worktree gets its own ports (and URL
 * `service--branch.project.localhost`).
 */
export function serviceIdentity(
  project: string,
  name: string,
  service: Pick<ServiceConfig, 'identity'>,
  branch?: string,
): string {
  if (service.identity !== undefined) return service.identity;
  const base = `${project}:${name}`;
  if (branch === undefined || branch === '' || DEFAULT_BRANCHES.has(branch)) return base;
  const segment = branchSegment(branch);
  return segment === '' ? base : `${base}:${segment}`;
}

/**
 * A branch as one identity segment that is also a DNS label: lower case, `/` and anything else
 * outside a-z 0-9 _ - become `-`, starting with a letter or digit, at most 40 characters.
 */
export function branchSegment(branch: string): string {
  return branch
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, MAX_BRANCH_SEGMENT)
    .replace(/-+$/, '');
}
