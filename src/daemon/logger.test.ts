import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLogger } from './logger.js';

describe('createFileLogger', () => {
  it('rotates so the log stays bounded, keeping the newest lines', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-log-'));
    const file = path.join(dir, 'daemon.log');
    const logger = createFileLogger({ path: file, maxBytes: 1000, keep: 2 });
    for (let i = 0; i < 200; i++) logger.info(`line ${i}`, { i });
    logger.close();
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(['daemon.log', 'daemon.log.1', 'daemon.log.2']);
    for (const name of files)
      expect(fs.statSync(path.join(dir, name)).size).toBeLessThanOrEqual(1000);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/info {2}line 199 \{"i":199\}\n$/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    fs.rmSync(dir, { recursive: true });
  });
});
