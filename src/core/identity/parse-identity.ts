import { PdError } from '../../api/errors.js';

export const MAX_SEGMENT_LENGTH = 64;
const SEGMENT = /^[a-z0-9][a-z0-9._-]*$/;
const SEGMENT_NAMES = ['project', 'stack', 'context'] as const;

export interface Identity {
  /** Normalised, lower case: project[:stack[:context]]. */
  full: string;
  segments: string[];
}

function invalid(input: string, reason: string, hint?: string): PdError {
  const message = `invalid identity "${input}": ${reason}`;
  return new PdError('INVALID_IDENTITY', hint ? `${message} (${hint})` : message, {
    identity: input,
    reason,
  });
}

function checkCount(input: string, segments: string[]): void {
  if (segments.length > 3) {
    throw invalid(
      input,
      `has ${segments.length} segments, at most 3 allowed`,
      'use project[:stack[:context]]',
    );
  }
}

/** Parses `project[:stack[:context]]`, lower-casing it. Throws INVALID_IDENTITY with the reason. */
export function parseIdentity(input: unknown): Identity {
  if (typeof input !== 'string') throw invalid(String(input), 'must be a string');
  const trimmed = input.trim();
  if (trimmed === '')
    throw invalid(input, 'is empty', 'use project[:stack[:context]], e.g. myapp:api:main');
  const full = trimmed.toLowerCase();
  const segments = full.split(':');
  checkCount(input, segments);
  segments.forEach((segment, index) => checkSegment(input, segment, SEGMENT_NAMES[index]!));
  return { full, segments };
}

function checkSegment(input: string, segment: string, name: string): void {
  if (segment === '') throw invalid(input, `${name} segment is empty`);
  if (segment.includes('*')) throw invalid(input, `wildcards are only allowed in patterns`);
  if (segment.length > MAX_SEGMENT_LENGTH) {
    throw invalid(
      input,
      `${name} segment is ${segment.length} characters, at most ${MAX_SEGMENT_LENGTH} allowed`,
    );
  }
  if (!SEGMENT.test(segment)) {
    throw invalid(
      input,
      `${name} segment "${segment}" must start with a letter or digit and contain only a-z, 0-9, '.', '_', '-'`,
    );
  }
}

export interface IdentityPattern {
  source: string;
  /** Literal text before the first wildcard: lets a lookup use the index as a range. */
  prefix: string;
  hasWildcard: boolean;
  matches(identity: string): boolean;
}

/**
 * A pattern is an identity whose segments may be `*` (any one segment) or end with `*`
 * (a segment starting with that text). A wildcard in the last segment also matches deeper
 * segments, so `myapp:*` matches `myapp:api` and `myapp:api:main`.
 */
export function parsePattern(input: unknown): IdentityPattern {
  if (typeof input !== 'string') throw invalid(String(input), 'must be a string');
  const source = input.trim().toLowerCase();
  if (!source.includes('*')) {
    const identity = parseIdentity(input);
    return {
      source: identity.full,
      prefix: identity.full,
      hasWildcard: false,
      matches: (id) => id === identity.full,
    };
  }
  const segments = source.split(':');
  checkCount(input, segments);
  segments.forEach((segment, index) => {
    const name = SEGMENT_NAMES[index]!;
    if (segment === '*') return;
    const star = segment.indexOf('*');
    if (star !== -1 && star !== segment.length - 1) {
      throw invalid(
        input,
        `${name} segment "${segment}" may only end with '*'`,
        "use '*' for a whole segment or a trailing '*'",
      );
    }
    const literal = star === -1 ? segment : segment.slice(0, -1);
    if (literal !== '' || star === -1) checkSegment(input, literal, name);
  });
  const firstStar = source.indexOf('*');
  return {
    source,
    prefix: source.slice(0, firstStar),
    hasWildcard: true,
    matches: (identity) => matchSegments(segments, identity.split(':')),
  };
}

function matchSegments(pattern: string[], identity: string[]): boolean {
  const last = pattern.length - 1;
  if (identity.length < pattern.length) return false;
  if (identity.length > pattern.length && !pattern[last]!.endsWith('*')) return false;
  return pattern.every((segment, index) => {
    const value = identity[index]!;
    if (segment === '*') return true;
    if (segment.endsWith('*')) return value.startsWith(segment.slice(0, -1));
    return value === segment;
  });
}

/** The range of the identity index that holds everything starting with `prefix`. */
export function prefixUpperBound(prefix: string): string {
  return prefix + '\uffff';
}
