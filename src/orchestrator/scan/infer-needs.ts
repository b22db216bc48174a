import type { Database } from './databases.js';
import type { Detection } from './scan-repo.js';

const FRONTEND_FOLDERS = new Set(['frontend', 'web', 'client']);
const BACKEND_FOLDERS = new Set(['backend', 'api', 'server']);

/**
 * The needs we are sure of: an app that depends on a database's client library (pg, redis,
 * psycopg...) needs that database from the compose file; a web app in frontend/, web/ or
 * client/ needs the one API in backend/, api/ or server/ when there is exactly one of each.
 */
export function inferNeeds(
  found: Detection[],
  tables: readonly Database[],
  matches: (pattern: string, key: string) => boolean,
): void {
  const stores = found.filter((detection) => detection.kind === 'database');
  for (const app of found) {
    if (app.kind === 'database' || app.kind === 'storybook' || app.kind === 'docs') continue;
    for (const store of stores) {
      const database = tables.find((table) => table.id === store.framework);
      const driver = database?.drivers.find((pattern) =>
        app.evidence.some((key) => matches(pattern, key)),
      );
      if (driver && !app.needs.includes(store.name)) {
        app.needs.push(store.name);
        app.why.push(`needs ${store.name}: uses ${driver.replace(/^\w+:/, '').replace(/\*$/, '')}`);
      }
    }
  }
  const topFolder = (detection: Detection, folders: Set<string>): boolean =>
    !detection.cwd.includes('/') && folders.has(detection.cwd);
  const frontends = found.filter((d) => d.kind === 'web' && topFolder(d, FRONTEND_FOLDERS));
  const backends = found.filter((d) => d.kind === 'api' && topFolder(d, BACKEND_FOLDERS));
  if (frontends.length === 1 && backends.length === 1) {
    frontends[0]!.needs.push(backends[0]!.name);
    frontends[0]!.why.push(
      `needs ${backends[0]!.name}: ${frontends[0]!.cwd}/ beside ${backends[0]!.cwd}/`,
    );
  }
}
