import type { Db } from '../../store/index.js';
import type { ServiceState } from '../../orchestrator/supervisor-types.js';

/** cli: a foreground pd up; daemon: pd up -d; external: only marked ready by hand. */
export type ServiceHost = 'cli' | 'daemon' | 'external';

export interface ServiceRecord {
  identity: string;
  project: string;
  name: string;
  state: ServiceState;
  pid: number | null;
  port: number | null;
  restarts: number;
  startedAt: number | null;
  exitCode: number | null;
  message: string | null;
  host: ServiceHost;
  hostPid: number | null;
  markedReady: boolean;
  /** The daemon-hosted service's output, for pd logs; null for other hosts. */
  logFile: string | null;
  updatedAt: number;
}

interface ServiceRow {
  identity: string;
  project: string;
  name: string;
  state: string;
  pid: number | null;
  port: number | null;
  restarts: number;
  started_at: number | null;
  exit_code: number | null;
  message: string | null;
  host: string;
  host_pid: number | null;
  marked_ready: number;
  log_file: string | null;
  updated_at: number;
}

const toRecord = (row: ServiceRow): ServiceRecord => ({
  identity: row.identity,
  project: row.project,
  name: row.name,
  state: row.state as ServiceState,
  pid: row.pid,
  port: row.port,
  restarts: row.restarts,
  startedAt: row.started_at,
  exitCode: row.exit_code,
  message: row.message,
  host: row.host as ServiceHost,
  hostPid: row.host_pid,
  markedReady: row.marked_ready === 1,
  logFile: row.log_file,
  updatedAt: row.updated_at,
});

/** The SQL of the service registry, prepared once. */
export function servicesTable(db: Db) {
  const byIdentity = db.prepare('SELECT * FROM services WHERE identity = ?');
  const all = db.prepare('SELECT * FROM services ORDER BY project, name, identity');
  const byProject = db.prepare('SELECT * FROM services WHERE project = ? ORDER BY name, identity');
  // Read every 500 ms by the reaper: only rows whose host may still run them.
  const hosted = db.prepare(
    "SELECT * FROM services WHERE host_pid IS NOT NULL AND state NOT IN ('stopped', 'failed')",
  );
  const upsert = db.prepare(
    `INSERT INTO services (identity, project, name, state, pid, port, restarts, started_at,
       exit_code, message, host, host_pid, marked_ready, log_file, updated_at)
     VALUES (@identity, @project, @name, @state, @pid, @port, @restarts, @startedAt,
       @exitCode, @message, @host, @hostPid, @markedReady, @logFile, @updatedAt)
     ON CONFLICT (identity) DO UPDATE SET project = excluded.project, name = excluded.name,
       state = excluded.state, pid = excluded.pid, port = excluded.port,
       restarts = excluded.restarts, started_at = excluded.started_at,
       exit_code = excluded.exit_code, message = excluded.message, host = excluded.host,
       host_pid = excluded.host_pid, marked_ready = excluded.marked_ready,
       log_file = excluded.log_file, updated_at = excluded.updated_at`,
  );
  return {
    get: (identity: string) => {
      const row = byIdentity.get(identity) as ServiceRow | undefined;
      return row ? toRecord(row) : undefined;
    },
    list: (project?: string) =>
      ((project === undefined ? all.all() : byProject.all(project)) as ServiceRow[]).map(toRecord),
    hosted: () => (hosted.all() as ServiceRow[]).map(toRecord),
    put: (record: ServiceRecord) =>
      upsert.run({ ...record, markedReady: record.markedReady ? 1 : 0 }),
  };
}
