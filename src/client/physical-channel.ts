import { createHash } from 'node:crypto';
import type { ChannelScope } from '../api/channels.js';

/** Where a repo- or branch-scoped channel lives: read from git by the caller. */
export interface GitPlace {
  /** The repository: the origin's name (`port-daddy` for .../port-daddy.git), else its folder. */
  repo: string;
  /** The checked-out branch, or `detached-<sha>`. */
  branch: string;
}

const ALLOWED = /[^A-Za-z0-9._-]/g;
/** `<name>@<repo>` is one segment of at most 64: the last segment of a name has 32. */
export const MAX_REPO_LENGTH = 31;
export const MAX_BRANCH_LENGTH = 64;

const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 6);

/**
 * One channel segment from any text: '/' becomes '.', other characters outside the grammar '-'.
 * Text that had to change, or was too long, ends in a hash of the original so that two branches
 * (`feature/x`, `feature.x`) never land on one segment.
 */
export function channelSegment(text: string, max: number): string {
  let segment = text.replaceAll('/', '.').replace(ALLOWED, '-');
  if (!/^[A-Za-z0-9_]/.test(segment)) segment = '_' + segment;
  if (segment === text && segment.length <= max) return segment;
  return `${segment.slice(0, max - 7)}-${shortHash(text)}`;
}

/**
 * The physical channel of a declared name: `name` (global), `name@repo` (repo) or
 * `name@repo:branch` (branch), e.g. `builds@port-daddy:feature.login-3fa2c1`.
 */
export function physicalChannel(name: string, scope: ChannelScope, place?: GitPlace): string {
  if (scope === 'global') return name;
  if (!place) throw new Error(`channel "${name}" is ${scope}-scoped: it needs a git repository`);
  const repo = `${name}@${channelSegment(place.repo, MAX_REPO_LENGTH)}`;
  return scope === 'repo' ? repo : `${repo}:${channelSegment(place.branch, MAX_BRANCH_LENGTH)}`;
}

/** `https://github.com/me/port-daddy.git`, `git@github.com:me/port-daddy` -> `port-daddy`. */
export function repoNameFromUrl(url: string): string | undefined {
  const trimmed = url
    .trim()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
  const name = trimmed.split(/[/:\\]/).at(-1);
  return name === undefined || name === '' ? undefined : name;
}
