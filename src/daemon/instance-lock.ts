import fs from 'node:fs';
import Database from 'better-sqlite3';

export interface DaemonInfo {
  pid: number;
  url: string;
  startedAt: string;
  version: string;
}

export class InstanceLockedError extends Error {
  override name = 'InstanceLockedError';
}

export interface InstanceLock {
  writeInfo(info: DaemonInfo): void;
  release(): void;
}

export function readDaemonInfo(infoPath: string): DaemonInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(infoPath, 'utf8')) as DaemonInfo;
  } catch {
    return undefined;
  }
}

/**
 * One daemon per data dir. The lock is an exclusive SQLite transaction held on a lock file:
 * a kernel lock, so it vanishes with the process however it dies and is never stale.
 */
export function acquireInstanceLock(
  lockPath: string,
  infoPath: string,
  home: string,
): InstanceLock {
  const lockDb = new Database(lockPath, { timeout: 0 });
  try {
    lockDb.pragma('locking_mode = EXCLUSIVE');
    lockDb.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    lockDb.close();
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    const running = readDaemonInfo(infoPath);
    const who = running ? `pid ${running.pid} at ${running.url}` : 'another process';
    throw new InstanceLockedError(
      `another port-daddy daemon (${who}) already uses ${home}; stop it with "pd stop" or choose another PORT_DADDY_HOME`,
    );
  }
  return {
    writeInfo(info) {
      const temporary = `${infoPath}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
      fs.renameSync(temporary, infoPath);
    },
    release() {
      const current = readDaemonInfo(infoPath);
      if (current?.pid === process.pid) fs.rmSync(infoPath, { force: true });
      lockDb.close();
    },
  };
}
