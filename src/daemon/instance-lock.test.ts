import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireInstanceLock, InstanceLockedError, readDaemonInfo } from './instance-lock.js';

describe('acquireInstanceLock', () => {
  it('lets one holder in, names it to the next, and frees on release', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-lock-'));
    const lockFile = path.join(home, 'daemon.lock');
    const info = path.join(home, 'daemon.json');
    const first = acquireInstanceLock(lockFile, info, home);
    first.writeInfo({
      pid: process.pid,
      url: 'http://127.0.0.1:1234',
      startedAt: 'now',
      version: '1',
    });
    expect(fs.statSync(info).mode & 0o777).toBe(0o600);
    expect(() => acquireInstanceLock(lockFile, info, home)).toThrow(InstanceLockedError);
    expect(() => acquireInstanceLock(lockFile, info, home)).toThrow(
      `pid ${process.pid} at http://127.0.0.1:1234`,
    );
    first.release();
    expect(readDaemonInfo(info)).toBeUndefined();
    const second = acquireInstanceLock(lockFile, info, home);
    second.release();
    fs.rmSync(home, { recursive: true });
  });
});
