import path from 'node:path';

export interface DataPaths {
  database: string;
  lock: string;
  daemonInfo: string;
  log: string;
  startupLog: string;
  /** Wraps each session's note key: 32 random bytes, mode 0600, made on first start. */
  masterKey: string;
}

/** Files in the data dir; one place names them all. */
export function dataPaths(home: string): DataPaths {
  return {
    database: path.join(home, 'port-daddy.db'),
    lock: path.join(home, 'daemon.lock'),
    daemonInfo: path.join(home, 'daemon.json'),
    log: path.join(home, 'daemon.log'),
    startupLog: path.join(home, 'daemon.startup.log'),
    masterKey: path.join(home, 'master.key'),
  };
}
