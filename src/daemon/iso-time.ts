const DAY_MS = 86_400_000;
let dayStart = Number.NaN;
let dayPrefix = '';

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * Epoch milliseconds as `Date#toISOString` writes them, about six times faster: the date part
 * is formatted once a day and reused. A briefing of 1,000 agents formats 5,000 times.
 */
export function isoTime(ms: number): string {
  if (!(ms >= dayStart && ms < dayStart + DAY_MS)) {
    if (!Number.isFinite(ms) || ms < 0) return new Date(ms).toISOString();
    dayStart = ms - (ms % DAY_MS);
    dayPrefix = new Date(dayStart).toISOString().slice(0, 11);
  }
  let rest = ms - dayStart;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${dayPrefix}${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${pad3(rest - seconds * 1000)}Z`;
}

/** `isoTime`, passing null through (optional times in views). */
export function isoTimeOrNull(ms: number | null): string | null {
  return ms === null ? null : isoTime(ms);
}
