import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../events/index.js';
import { countChanges, summaryLine } from './summarize-changes.js';

const event = (type: string, id = 1): ActivityEvent => ({
  id,
  revision: id,
  at: 0,
  type,
  subject: 's',
  data: {},
});

describe('summaryLine', () => {
  it('puts deaths and salvage first and leaves zeros out', () => {
    const counts = countChanges([
      event('note.added'),
      event('note.added'),
      event('agent.died'),
      event('session.completed'),
      event('claim.renewed'),
      event('lock.extended'),
    ]);
    expect(counts.notes).toBe(2);
    expect(counts.other).toBe(0);
    expect(summaryLine(counts, { window: '30m', awaitingSalvage: 1, liveAgents: 3 })).toBe(
      '30m: 1 agent died, 1 awaiting salvage, 1 session done, 2 notes; 3 agents live',
    );
  });

  it('says so when nothing changed', () => {
    expect(summaryLine(countChanges([]), { window: '2h', awaitingSalvage: 0, liveAgents: 1 })).toBe(
      '2h: no changes; 1 agent live',
    );
  });

  it('counts unknown event types as other, quiet ones not at all', () => {
    const counts = countChanges([event('webhook.added'), event('inbox.read')]);
    expect(counts.other).toBe(1);
  });
});
