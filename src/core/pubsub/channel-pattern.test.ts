import { describe, expect, it } from 'vitest';
import { PdError } from '../../api/errors.js';
import { checkChannelName, compilePattern, compilePatterns, isPattern } from './channel-pattern.js';

describe('channel patterns', () => {
  it.each([
    ['a:b', 'a:b', true],
    ['a:b', 'a:b:c', false],
    ['a:*', 'a:b', true],
    ['a:*', 'a', false],
    ['a:*', 'a:b:c', false],
    ['a:*:c', 'a:x:c', true],
    ['a:*:c', 'a:x:d', false],
    ['a:>', 'a', true],
    ['a:>', 'a:b', true],
    ['a:>', 'a:b:c', true],
    ['a:>', 'ab:c', false],
    ['a:>', 'b:a', false],
    ['>', 'anything:at:all', true],
    ['*', 'one', true],
    ['*', 'one:two', false],
    ['pd:>', 'pd:events', true],
  ])('%s matches %s: %s', (pattern, channel, expected) => {
    expect(compilePattern(pattern)(channel)).toBe(expected);
  });

  it('combines several patterns', () => {
    const matches = compilePatterns(['a', 'b:*']);
    expect(['a', 'b:x', 'b', 'c'].map(matches)).toEqual([true, true, false, false]);
  });

  it.each(['', 'a::b', 'a:>:b', 'a b', '-a', 'x'.repeat(201), 'a:b*', 'é'])(
    'refuses "%s" with INVALID_INPUT',
    (pattern) => {
      expect(() => compilePattern(pattern)).toThrow(PdError);
    },
  );

  it('checks names: no wildcards in a concrete channel', () => {
    expect(() => checkChannelName('ok:name-1.x@y')).not.toThrow();
    expect(() => checkChannelName('a:*')).toThrow(/invalid channel/);
    expect(isPattern('a:*')).toBe(true);
    expect(isPattern('a:>')).toBe(true);
    expect(isPattern('a:b')).toBe(false);
  });
});
