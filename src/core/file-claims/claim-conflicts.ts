import picomatch from 'picomatch';
import type { FileClaim } from './files-table.js';
import { patternCovers, patternsOverlap } from './glob-overlap.js';
import { isGlob } from './normalise-pattern.js';

export interface Holder {
  agent: string;
  session: string | null;
  purpose: string | null;
}

export interface FileConflict {
  /** The caller's pattern. */
  path: string;
  /** The holder's pattern it overlaps. */
  pattern: string;
  holder: Holder;
  shared: boolean;
  token: number;
  /** An existing file both patterns match, when there is one. */
  example: string | null;
}

export type HolderOf = (claim: FileClaim) => Holder;

/**
 * Every live claim of another agent that a new claim on `patterns` would collide with: shared
 * and shared never collide; exclusive collides with anything overlapping.
 */
export function findConflicts(
  patterns: readonly string[],
  shared: boolean,
  others: readonly FileClaim[],
  repoFiles: readonly string[],
  holderOf: HolderOf,
): FileConflict[] {
  const conflicts: FileConflict[] = [];
  for (const path of patterns) {
    for (const claim of others) {
      if (shared && claim.shared) continue;
      const overlap = patternsOverlap(path, claim.pattern, repoFiles);
      if (!overlap) continue;
      conflicts.push({
        path,
        pattern: claim.pattern,
        holder: holderOf(claim),
        shared: claim.shared,
        token: claim.token,
        example: overlap.example,
      });
    }
  }
  return conflicts;
}

/** One line naming the first holder and its purpose, for the 409. */
export function conflictMessage(conflicts: readonly FileConflict[]): string {
  const [first] = conflicts;
  if (!first) return 'no conflict';
  const { holder } = first;
  const by = `${holder.agent}${holder.purpose === null ? '' : ` for "${holder.purpose}"`}`;
  const what =
    first.path === first.pattern
      ? `${first.path} is claimed by ${by}`
      : `${first.path} overlaps ${first.pattern}, claimed by ${by}`;
  const kind = first.shared ? ' (shared; claim with --shared to share it)' : '';
  const more = conflicts.length - 1;
  return `${what}${kind}${more > 0 ? ` (and ${more} more conflict${more === 1 ? '' : 's'})` : ''}`;
}

/**
 * Does `own` hold everything `wanted` names? A file is held by any claim covering it; a glob by
 * the same glob, or by a `folder/**` claim whose folder contains the glob's static base.
 */
export function patternHolds(own: string, wanted: string, wantedIsFile = !isGlob(wanted)): boolean {
  if (own === wanted || wantedIsFile) return patternCovers(own, wanted);
  if (own === '**') return true;
  if (!own.endsWith('/**')) return false;
  const folder = own.slice(0, -3);
  if (isGlob(folder)) return false;
  const base = picomatch.scan(wanted).base;
  return base === folder || base.startsWith(`${folder}/`);
}
