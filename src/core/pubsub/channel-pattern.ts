import { PdError } from '../../api/errors.js';

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._@-]{0,63}$/;
const MAX_LENGTH = 200;
const MAX_SEGMENTS = 16;

/** Channels under `pd:` are written by the daemon alone (system events). */
export const SYSTEM_PREFIX = 'pd';

export type ChannelMatcher = (channel: string) => boolean;

function invalid(field: string, text: string, reason: string): PdError {
  return new PdError('INVALID_INPUT', `invalid ${field} "${text}": ${reason}`, {
    issues: [{ path: field, message: reason }],
  });
}

const RULE =
  "segments joined by ':', each 1-64 characters: a letter, digit or '_' first, then letters, digits, '.', '_', '@', '-'";

function segmentsOf(text: string, field: string): string[] {
  if (text.length === 0 || text.length > MAX_LENGTH)
    throw invalid(field, text, `1-${MAX_LENGTH} characters`);
  const segments = text.split(':');
  if (segments.length > MAX_SEGMENTS)
    throw invalid(field, text, `at most ${MAX_SEGMENTS} segments`);
  return segments;
}

/** A concrete channel name, e.g. `myapp:builds`; throws INVALID_INPUT naming `field`. */
export function checkChannelName(name: string, field = 'channel'): void {
  for (const segment of segmentsOf(name, field))
    if (!SEGMENT.test(segment)) throw invalid(field, name, RULE);
}

export function isSystemChannel(name: string): boolean {
  return name === SYSTEM_PREFIX || name.startsWith(SYSTEM_PREFIX + ':');
}

export function isPattern(text: string): boolean {
  return text.split(':').some((segment) => segment === '*' || segment === '>');
}

/**
 * Compiles a channel or pattern: `*` stands for exactly one segment, and a trailing `>` for this
 * level and everything below it (`a:>` matches `a`, `a:b` and `a:b:c`).
 */
export function compilePattern(pattern: string, field = 'channel'): ChannelMatcher {
  const segments = segmentsOf(pattern, field);
  segments.forEach((segment, index) => {
    if (segment === '>' && index !== segments.length - 1)
      throw invalid(field, pattern, "'>' may only be the last segment");
    if (segment !== '*' && segment !== '>' && !SEGMENT.test(segment))
      throw invalid(
        field,
        pattern,
        `${RULE}; '*' for one segment, a last '>' for everything below`,
      );
  });
  if (!isPattern(pattern)) return (channel) => channel === pattern;
  const tail = segments.at(-1) === '>';
  const fixed = tail ? segments.slice(0, -1) : segments;
  return (channel) => {
    const parts = channel.split(':');
    if (tail ? parts.length < fixed.length : parts.length !== fixed.length) return false;
    return fixed.every((segment, index) => segment === '*' || segment === parts[index]);
  };
}

/** One matcher for several channels or patterns: a channel matches when any of them does. */
export function compilePatterns(patterns: readonly string[], field = 'channel'): ChannelMatcher {
  const matchers = patterns.map((pattern) => compilePattern(pattern, field));
  if (matchers.length === 1) return matchers[0]!;
  return (channel) => matchers.some((matches) => matches(channel));
}
