import { describe, expect, it } from 'vitest';
import { openDatabase, Revision } from '../../store/index.js';
import { ManualClock } from '../clock.js';
import { EventLog } from './event-log.js';

describe('EventLog', () => {
  it('runs append hooks inside the transaction and after-commit tasks only once it commits', () => {
    const db = openDatabase({ path: ':memory:' });
    const events = new EventLog(db, new ManualClock());
    const revision = new Revision(db);
    const heard: string[] = [];
    const done: string[] = [];
    events.subscribe((event) => heard.push(event.type));
    events.onAppend((event) => {
      revision.next();
      events.afterCommit(() => done.push(event.type));
    });

    events.transact(() => events.append(revision.next(), 'a.kept', 's', {}));
    expect(() =>
      events.transact(() => {
        events.append(revision.next(), 'b.rolled-back', 's', {});
        throw new Error('boom');
      }),
    ).toThrow('boom');
    events.transact(() => events.append(revision.next(), 'c.kept', 's', {}));

    expect(heard).toEqual(['a.kept', 'c.kept']);
    expect(done).toEqual(['a.kept', 'c.kept']);
    expect(events.list(0, 10).map((event) => event.type)).toEqual(['a.kept', 'c.kept']);
    // The hook's own write rolled back with the event: 2 revisions per kept event, none lost.
    expect(revision.current()).toBe(4);
  });

  it('tells listeners only at the outermost commit; a failed nested step rolls back alone', () => {
    const db = openDatabase({ path: ':memory:' });
    const events = new EventLog(db, new ManualClock());
    const revision = new Revision(db);
    const heard: string[] = [];
    events.subscribe((event) => heard.push(event.type));

    events.transact(() => {
      events.append(revision.next(), 'outer', 's', {});
      expect(() =>
        events.transact(() => {
          events.append(revision.next(), 'inner.failed', 's', {});
          throw new Error('inner');
        }),
      ).toThrow('inner');
      events.transact(() => events.append(revision.next(), 'inner.kept', 's', {}));
      expect(heard).toEqual([]);
    });

    expect(heard).toEqual(['outer', 'inner.kept']);
    expect(events.list(0, 10).map((event) => event.type)).toEqual(['outer', 'inner.kept']);
  });
});
