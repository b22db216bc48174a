import path from 'node:path';
import { databases, keyMatches, type Database } from './databases.js';
import { readText } from './read-folder.js';
import { isYamlMap as isMap, readYaml } from './read-yaml.js';

export const COMPOSE_FILES = [
  'compose.yaml',
  'compose.yml',
  'docker-compose.yaml',
  'docker-compose.yml',
];

export interface ComposeDatabase {
  service: string;
  image: string;
  file: string;
  database: Database;
  /** Its port inside the container: from `ports`, else the database's usual one. */
  containerPort: number;
}

/** The databases and caches a repo's compose file runs (the first compose file found at root). */
export function readCompose(root: string): ComposeDatabase[] {
  for (const file of COMPOSE_FILES) {
    const text = readText(path.join(root, file));
    if (text === null) continue;
    const parsed = readYaml(text);
    const services = isMap(parsed) && isMap(parsed.services) ? parsed.services : {};
    const found: ComposeDatabase[] = [];
    for (const [service, spec] of Object.entries(services)) {
      if (!isMap(spec) || typeof spec.image !== 'string') continue;
      const image = spec.image;
      const repository = image
        .replace(/@.*$/, '')
        .replace(/:[^/]*$/, '')
        .replace(/^docker\.io\/(library\/)?/, '');
      const database = databases.find((db) =>
        db.images.some((pattern) => keyMatches(pattern, repository)),
      );
      if (database)
        found.push({
          service,
          image,
          file,
          database,
          containerPort: containerPort(spec.ports) ?? database.port,
        });
    }
    return found;
  }
  return [];
}

/** The container side of the first `ports` entry: "5433:5432", "127.0.0.1:5433:5432/tcp", {target}. */
function containerPort(ports: unknown): number | null {
  const first: unknown = Array.isArray(ports) ? ports[0] : undefined;
  const value = isMap(first) ? first.target : first;
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text = String(value);
  const port = Number(
    text
      .replace(/\/\w+$/, '')
      .split(':')
      .at(-1),
  );
  return Number.isInteger(port) && port > 0 ? port : null;
}
