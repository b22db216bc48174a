/** A lease longer than a year is a mistake, and an expiry must stay a valid date. */
export const MAX_DURATION_MS = 365 * 86_400_000;

const durationUnits: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

export interface DurationOptions {
  /** Accept zero (`0`, `0s`): a wait of zero means "do not wait". */
  allowZero?: boolean;
  /** Upper bound; default a year. */
  maxMs?: number;
}

/** Parses a duration to milliseconds; returns undefined when the text is not a duration. */
export function parseDuration(
  value: string | number,
  options: DurationOptions = {},
): number | undefined {
  let ms: number;
  if (typeof value === 'number') ms = value * 1000;
  else {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(value.trim());
    if (!match) return undefined;
    ms = Number(match[1]) * durationUnits[match[2] ?? 's']!;
  }
  if (ms === 0 && options.allowZero) return 0;
  return ms >= 1 && ms <= (options.maxMs ?? MAX_DURATION_MS) ? Math.round(ms) : undefined;
}
