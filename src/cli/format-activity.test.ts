import { describe, expect, it } from 'vitest';
import type { ActivityEventView } from '../api/system.js';
import { formatActivity, typeMatcher } from './format-activity.js';

const event = (overrides: Partial<ActivityEventView> = {}): ActivityEventView => ({
  id: 7,
  revision: 7,
  at: new Date().toISOString(),
  type: 'lock.released',
  subject: 'myapp:migrations',
  data: { reason: 'expired', token: 42, pid: null, owner: 'alice', note: 'two words' },
  ...overrides,
});

describe('formatActivity', () => {
  it('prints id, time, type, subject, then the key fields first and nulls left out', () => {
    const line = formatActivity(event());
    expect(line).toMatch(
      /^#7 \d\d:\d\d:\d\d lock\.released +myapp:migrations {2}owner=alice token=42 reason=expired note="two words"$/,
    );
  });

  it('shows the date for events from another day', () => {
    expect(formatActivity(event({ at: '2020-01-02T03:04:05.000Z' }))).toMatch(
      /^#7 2020-01-0\d \d\d:\d\d:\d\d /,
    );
  });

  it('prints no data part when there is none', () => {
    expect(formatActivity(event({ data: {} }))).toMatch(/myapp:migrations$/);
  });
});

describe('typeMatcher', () => {
  it('matches everything without a pattern', () => {
    expect(typeMatcher(undefined)('anything')).toBe(true);
  });

  it('treats * as any characters and the rest literally', () => {
    const locks = typeMatcher('lock.*');
    expect(locks('lock.acquired')).toBe(true);
    expect(locks('lockXacquired')).toBe(false);
    expect(locks('claim.created')).toBe(false);
    expect(typeMatcher('*.released')('claim.released')).toBe(true);
    expect(typeMatcher('claim.released')('claim.released.extra')).toBe(false);
  });

  it('takes several patterns separated by commas', () => {
    const matches = typeMatcher('claim.created, lock.*');
    expect(['claim.created', 'lock.extended', 'claim.released'].map(matches)).toEqual([
      true,
      true,
      false,
    ]);
  });
});
