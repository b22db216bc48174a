import { PdError } from '../../api/errors.js';

const PATTERN = /^[A-Za-z0-9_.*:-]{1,100}$/;
const MAX_PATTERNS = 20;

/** Deliveries about webhooks themselves would feed back into webhooks: never delivered. */
export const isWebhookEvent = (type: string): boolean => type.startsWith('webhook.');

/**
 * Splits `claim.*,lock.released` into its patterns, refusing anything else with a message that
 * says what a pattern may hold.
 */
export function parseEventPatterns(text: string): string[] {
  const patterns = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const bad = patterns.find((pattern) => !PATTERN.test(pattern));
  if (patterns.length === 0 || patterns.length > MAX_PATTERNS || bad !== undefined) {
    throw new PdError(
      'INVALID_INPUT',
      `invalid events "${text}": 1-${MAX_PATTERNS} comma-separated event types or patterns such as claim.*, lock.released or *`,
      { issues: [{ path: 'events', message: 'invalid event pattern' }] },
    );
  }
  return [...new Set(patterns)];
}

/** `*` matches any text (dots included): `claim.*` matches claim.created, `*` matches all. */
export function compileEventPatterns(patterns: readonly string[]): (type: string) => boolean {
  const regexes = patterns.map(
    (pattern) => new RegExp('^' + pattern.split('*').map(escapeRegExp).join('.*') + '$', 'u'),
  );
  return (type) => regexes.some((regex) => regex.test(type));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
