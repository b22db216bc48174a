import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceLogFile, serviceLogPath } from './service-log-file.js';

describe('serviceLogPath', () => {
  it('names the file after the service, with its branch', () => {
    expect(serviceLogPath('/h', 'myapp', 'myapp:api')).toBe('/h/logs/myapp/api.log');
    expect(serviceLogPath('/h', 'myapp', 'myapp:api:feat-x')).toBe('/h/logs/myapp/api--feat-x.log');
    expect(serviceLogPath('/h', 'myapp', 'custom:thing')).toBe('/h/logs/myapp/custom--thing.log');
  });
});

describe('ServiceLogFile', () => {
  let dir: string;
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes lines to a 0600 file in a 0700 folder and keeps one rotated file', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-log-'));
    const file = path.join(dir, 'logs', 'myapp', 'api.log');
    const log = new ServiceLogFile(file, { maxBytes: 20 });
    log.write('first line');
    log.write('second line\n');
    log.write('third line');
    log.close();
    log.write('after close is dropped');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(fs.readFileSync(file, 'utf8')).toBe('third line\n');
    expect(fs.readFileSync(`${file}.1`, 'utf8')).toBe('second line\n');
  });
});
