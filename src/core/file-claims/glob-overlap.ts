import picomatch from 'picomatch';
import { isGlob } from './normalise-pattern.js';

type Matcher = (candidate: string) => boolean;

const matchers = new Map<string, Matcher>();
const MAX_CACHED_MATCHERS = 2000;

/** A compiled picomatch matcher; dotfiles match too, so `src/**` covers `src/.env`. */
export function matcherFor(glob: string): Matcher {
  let matcher = matchers.get(glob);
  if (!matcher) {
    if (matchers.size >= MAX_CACHED_MATCHERS) matchers.clear();
    matcher = picomatch(glob, { dot: true });
    matchers.set(glob, matcher);
  }
  return matcher;
}

/**
 * Does a claimed pattern (literal or glob) cover this root-relative file path? The same text
 * always does, so a file named like a glob (`app/[slug]/page.tsx`) is covered by its own name.
 */
export function patternCovers(pattern: string, file: string): boolean {
  if (pattern === file) return true;
  if (!isGlob(pattern)) return false;
  // `app/[slug]/**` (a claimed folder with a glob-like name) covers what is below that folder.
  if (pattern.endsWith('/**') && file.startsWith(pattern.slice(0, -2))) return true;
  return matcherFor(pattern)(file);
}

// Characters that can make a segment match more than its own text.
const SPECIAL = /[*?[\]{}()!+@|\\]/;

/** The leading literal folders of a glob (picomatch's static base), as segments. */
function baseSegments(glob: string): string[] {
  const { base } = picomatch.scan(glob);
  return base === '' ? [] : base.split('/');
}

const isSegmentPrefix = (prefix: string[], of: string[]) =>
  prefix.length <= of.length && prefix.every((segment, index) => segment === of[index]);

/** The last segment when it constrains a file name on its own (no `**`, balanced groups). */
function nameSegment(glob: string): string | undefined {
  const segment = glob.slice(glob.lastIndexOf('/') + 1);
  if (segment.includes('**')) return undefined;
  let depth = 0;
  for (const char of segment) {
    if (char === '{' || char === '(' || char === '[') depth++;
    if (char === '}' || char === ')' || char === ']') depth--;
    if (depth < 0) return undefined;
  }
  return depth === 0 ? segment : undefined;
}

function literalPrefix(segment: string): string {
  const index = segment.search(SPECIAL);
  return index === -1 ? segment : segment.slice(0, index);
}

function literalSuffix(segment: string): string {
  let start = segment.length;
  while (start > 0 && !SPECIAL.test(segment[start - 1]!)) start--;
  return segment.slice(start);
}

/** Can no single file name match both last segments? Only answers true when it is sure. */
function namesDisjoint(a: string, b: string): boolean {
  const nameA = nameSegment(a);
  const nameB = nameSegment(b);
  if (nameA === undefined || nameB === undefined) return false;
  const literalA = !SPECIAL.test(nameA);
  const literalB = !SPECIAL.test(nameB);
  if (literalA && literalB) return nameA !== nameB;
  if (literalA) return !matcherFor(nameB)(nameA);
  if (literalB) return !matcherFor(nameA)(nameB);
  // A name matching both starts with both literal prefixes and ends with both literal suffixes.
  const [prefixA, prefixB] = [literalPrefix(nameA), literalPrefix(nameB)];
  const [suffixA, suffixB] = [literalSuffix(nameA), literalSuffix(nameB)];
  const prefixesClash = !prefixA.startsWith(prefixB) && !prefixB.startsWith(prefixA);
  const suffixesClash = !suffixA.endsWith(suffixB) && !suffixB.endsWith(suffixA);
  return prefixesClash || suffixesClash;
}

/**
 * The overlap rule for two globs when no existing file matches both (a path that does not exist
 * yet might): they are disjoint only when (1) neither static base folder is a segment-prefix of
 * the other, or (2) their last segments cannot match the same file name (different literal
 * names, literal prefixes or literal suffixes such as `.ts` and `.md`). Otherwise: overlap.
 */
export function globsMayOverlap(a: string, b: string): boolean {
  if (a === b) return true;
  const [baseA, baseB] = [baseSegments(a), baseSegments(b)];
  if (!isSegmentPrefix(baseA, baseB) && !isSegmentPrefix(baseB, baseA)) return false;
  return !namesDisjoint(a, b);
}

export interface Overlap {
  /** An existing file both patterns match, when there is one. */
  example: string | null;
}

/**
 * Do two claimed patterns overlap? Literal vs literal: equal. Literal vs glob: picomatch match.
 * Glob vs glob: some file of the repo matches both, else the conservative rule above.
 */
export function patternsOverlap(
  a: string,
  b: string,
  repoFiles: readonly string[],
): Overlap | undefined {
  const [globA, globB] = [isGlob(a), isGlob(b)];
  if (!globA && !globB) return a === b ? { example: a } : undefined;
  if (!globA) return patternCovers(b, a) ? { example: a } : undefined;
  if (!globB) return patternCovers(a, b) ? { example: b } : undefined;
  const example = repoFiles.find((file) => patternCovers(a, file) && patternCovers(b, file));
  if (example !== undefined) return { example };
  // Either glob may also be the literal name of a file (`app/[id].tsx`) the other matches.
  const mayOverlap = patternCovers(b, a) || patternCovers(a, b) || globsMayOverlap(a, b);
  return mayOverlap ? { example: null } : undefined;
}
