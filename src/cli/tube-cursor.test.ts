import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { advanceCursor, readCursor, tubeCursorPath } from './tube-cursor.js';

describe('tube cursor', () => {
  const homes: string[] = [];
  const home = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-cursor-'));
    homes.push(dir);
    return dir;
  };
  afterEach(() => homes.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true })));

  it('lives under <home>/tube with the channel encoded', () => {
    expect(tubeCursorPath('/h', 'a:b@r:main')).toBe('/h/tube/a%3Ab%40r%3Amain.cursor');
  });

  it('is undefined before the first message, then only moves forward', () => {
    const file = tubeCursorPath(home(), 'chat');
    expect(readCursor(file)).toBeUndefined();
    advanceCursor(file, 7);
    expect(readCursor(file)).toBe(7);
    advanceCursor(file, 3);
    expect(readCursor(file)).toBe(7);
    advanceCursor(file, 9);
    expect(readCursor(file)).toBe(9);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['chat.cursor']);
  });

  it('ignores a cursor file that does not hold an id', () => {
    const file = tubeCursorPath(home(), 'chat');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'garbage');
    expect(readCursor(file)).toBeUndefined();
  });
});
