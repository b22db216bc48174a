import { describe, expect, it } from 'vitest';
import { PdError } from '../../api/errors.js';
import { parseIdentity, parsePattern } from './parse-identity.js';

function reason(input: unknown): string {
  try {
    parseIdentity(input);
  } catch (error) {
    expect(error).toBeInstanceOf(PdError);
    expect((error as PdError).code).toBe('INVALID_IDENTITY');
    return (error as PdError).message;
  }
  throw new Error(`${String(input)} was accepted`);
}

describe('parseIdentity', () => {
  it('accepts one to three segments and lower-cases them', () => {
    expect(parseIdentity('MyApp').full).toBe('myapp');
    expect(parseIdentity('myapp:API:main').segments).toEqual(['myapp', 'api', 'main']);
    expect(parseIdentity('a1.b_c-d:x').full).toBe('a1.b_c-d:x');
  });

  it('rejects bad identities with the reason', () => {
    expect(reason('')).toMatch(/is empty/);
    expect(reason('a:b:c:d')).toMatch(/4 segments, at most 3/);
    expect(reason('a::b')).toMatch(/stack segment is empty/);
    expect(reason('-x')).toMatch(/must start with a letter or digit/);
    expect(reason('my app')).toMatch(/only a-z, 0-9/);
    expect(reason('a'.repeat(65))).toMatch(/65 characters, at most 64/);
    expect(reason('myapp:*')).toMatch(/wildcards are only allowed in patterns/);
    expect(reason(42)).toMatch(/must be a string/);
  });

  it('accepts a 64-character segment', () => {
    expect(parseIdentity('a'.repeat(64)).full).toHaveLength(64);
  });
});

describe('parsePattern', () => {
  const match = (pattern: string, identity: string) => parsePattern(pattern).matches(identity);

  it('matches a whole segment with *', () => {
    expect(match('myapp:*:main', 'myapp:api:main')).toBe(true);
    expect(match('myapp:*:main', 'myapp:api:dev')).toBe(false);
    expect(match('myapp:*:main', 'myapp:api')).toBe(false);
  });

  it('lets a trailing * match deeper segments', () => {
    expect(match('myapp:*', 'myapp:api')).toBe(true);
    expect(match('myapp:*', 'myapp:api:main')).toBe(true);
    expect(match('myapp:*', 'myapp')).toBe(false);
    expect(match('myapp:*', 'other:api')).toBe(false);
    expect(match('web*', 'webapp:api')).toBe(true);
    expect(match('web*', 'api')).toBe(false);
  });

  it('gives the literal prefix for index range scans', () => {
    expect(parsePattern('myapp:*:main').prefix).toBe('myapp:');
    expect(parsePattern('*:api').prefix).toBe('');
    expect(parsePattern('Web*').prefix).toBe('web');
  });

  it('treats a pattern without * as an exact identity', () => {
    const pattern = parsePattern('MyApp:API');
    expect(pattern.hasWildcard).toBe(false);
    expect(pattern.matches('myapp:api')).toBe(true);
    expect(pattern.matches('myapp:api:main')).toBe(false);
  });

  it('rejects a * inside a segment and bad literals', () => {
    expect(() => parsePattern('my*app')).toThrow(/may only end with '\*'/);
    expect(() => parsePattern('a:b:c:*')).toThrow(/at most 3/);
    expect(() => parsePattern('-x:*')).toThrow(/must start with a letter or digit/);
  });
});
