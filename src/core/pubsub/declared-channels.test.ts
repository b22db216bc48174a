import { describe, expect, it } from 'vitest';
import { openDatabase, Revision } from '../../store/index.js';
import { ManualClock } from '../clock.js';
import { EventLog } from '../events/index.js';
import { DeclaredChannels } from './declared-channels.js';
import { PubSub } from './pubsub.js';

function setup() {
  const db = openDatabase({ path: ':memory:' });
  const clock = new ManualClock();
  const events = new EventLog(db, clock);
  const pubsub = new PubSub({ db, clock, events });
  const declared = new DeclaredChannels({ db, clock, events, pubsub, revision: new Revision(db) });
  return { clock, events, pubsub, declared };
}

describe('DeclaredChannels', () => {
  it('declares once, updates scope and aliases, and finds a declaration by alias', () => {
    const { declared, clock, events } = setup();
    const first = declared.ensure('chat', 'branch', ['talk']);
    expect(first).toMatchObject({ name: 'chat', scope: 'branch', aliases: ['talk'] });
    clock.advance(1000);
    const second = declared.ensure('chat', 'repo');
    expect(second).toMatchObject({ scope: 'repo', aliases: ['talk'] });
    expect(second.declaredAt).toBe(first.declaredAt);
    expect(second.updatedAt).toBe(first.updatedAt + 1000);
    expect(declared.get('talk')?.name).toBe('chat');
    declared.ensure('chat', 'repo', []);
    expect(declared.get('talk')).toBeUndefined();
    expect(events.list(0, 10).map((event) => event.type)).toEqual([
      'channel.declared',
      'channel.declared',
      'channel.declared',
    ]);
  });

  it('refuses a name or alias that already names another declaration', () => {
    const { declared } = setup();
    declared.ensure('chat', 'branch', ['talk']);
    declared.ensure('builds', 'repo');
    expect(() => declared.ensure('talk', 'global')).toThrow(/already names.*chat/);
    expect(() => declared.ensure('builds', 'repo', ['talk'])).toThrow(/already names.*chat/);
    expect(() => declared.ensure('chat', 'branch', ['builds'])).toThrow(/already names.*builds/);
    expect(declared.get('builds')?.aliases).toEqual([]);
  });

  it.each([
    ['a@b', "'@'"],
    ['a:*', 'segments'],
    ['pd:mine', 'reserved'],
    ['x'.repeat(33), 'at most 32'],
  ])('refuses the name %s', (name, reason) => {
    expect(() => setup().declared.ensure(name, 'global')).toThrow(reason);
  });

  it('clears what a channel retains; a reader from before gets a reset, ids keep growing', () => {
    const { declared, pubsub } = setup();
    const before = pubsub.publish({ channel: 'c', data: 1 }).id;
    pubsub.publish({ channel: 'c', data: 2 });
    pubsub.publish({ channel: 'other', data: 'kept' });
    expect(declared.clear('c')).toBe(2);
    expect(declared.clear('c')).toBe(0);
    const read = pubsub.read(['c'], 0, 10);
    expect(read.messages).toEqual([]);
    expect(read.resets).toMatchObject([{ channel: 'c', missed: 2, oldestId: null }]);
    expect(pubsub.read(['other'], 0, 10).messages).toHaveLength(1);
    expect(pubsub.publish({ channel: 'c', data: 3 }).id).toBeGreaterThan(before + 2);
    expect(() => declared.clear('pd:events')).toThrow(/daemon's own/);
  });

  it('discovers declarations by name or alias prefix, and channels by name prefix', () => {
    const { declared, pubsub } = setup();
    declared.ensure('chat', 'branch', ['review']);
    declared.ensure('builds', 'repo');
    pubsub.publish({ channel: 'chat@shop:main', data: 1 });
    pubsub.publish({ channel: 'builds@shop', data: 1 });
    expect(declared.discover('re').declared.map((d) => d.name)).toEqual(['chat']);
    expect(declared.discover('ch')).toMatchObject({
      declared: [{ name: 'chat' }],
      channels: [{ name: 'chat@shop:main', retained: 1 }],
    });
    expect(declared.discover().declared.map((d) => d.name)).toEqual(['builds', 'chat']);
  });

  it('stores replyTo on a message and refuses one that points at no message', () => {
    const { pubsub } = setup();
    const question = pubsub.publish({ channel: 'c', data: 'q' });
    const answer = pubsub.publish({ channel: 'c', data: 'a', replyTo: question.id });
    expect(pubsub.read(['c'], question.id, 10).messages[0]).toMatchObject({
      id: answer.id,
      replyTo: question.id,
    });
    expect(() => pubsub.publish({ channel: 'c', data: 'x', replyTo: 99 })).toThrow(/replyTo/);
  });
});
