/** A lease longer than a year is a mistake, and an expiry must stay a valid date. */
export const MAX_DURATION_MS = 365 * 86_400_000;

const durationUnits: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Parses a duration to milliseconds; returns undefined when the text is not a duration. */
export function parseDuration(value: string | number): number | undefined {
  let ms: number;
  if (typeof value === 'number') ms = value * 1000;
  else {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(value.trim());
    if (!match) return undefined;
    ms = Number(match[1]) * durationUnits[match[2] ?? 's']!;
  }
  return ms >= 1 && ms <= MAX_DURATION_MS ? Math.round(ms) : undefined;
}
