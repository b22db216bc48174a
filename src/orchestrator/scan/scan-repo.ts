import path from 'node:path';
import { databases, keyMatches } from './databases.js';
import { fillCommand } from './fill-command.js';
import { candidateFolders, workspacePatterns } from './find-folders.js';
import { frameworks, type Framework, type ServiceKind } from './frameworks.js';
import { inferNeeds } from './infer-needs.js';
import { detectPackageManager, type PackageManager } from './package-manager.js';
import { readCompose } from './read-compose.js';
import { readFolder, type FolderFacts } from './read-folder.js';

export interface Detection {
  name: string;
  /** The row of frameworks.ts (or databases.ts) that matched, e.g. `next`, `postgres`. */
  framework: string;
  frameworkName: string;
  kind: ServiceKind | 'database';
  /** Folder relative to the scanned root, `.` for the root itself. */
  cwd: string;
  cmd: string;
  env?: Record<string, string>;
  /** A health path, or `tcp`. */
  health: string;
  needs: string[];
  /** What told us, e.g. `apps/web/package.json (dependencies): next`. */
  why: string[];
  packageManager?: PackageManager;
  /** Evidence keys found in its folder, for needs inference. */
  evidence: string[];
}

export interface ScanResult {
  root: string;
  project: string;
  services: Detection[];
}

// Scripts that show a package is something you run, not a library: needed for npm-based rows.
const RUN_SCRIPTS = /^(dev|start|serve|develop|start:dev|preview)$/;

/** Reads a repo's manifests (no daemon, no network) and returns the services it would run. */
export function scanRepo(dir: string): ScanResult {
  const root = path.resolve(dir);
  const rootFacts = readFolder(root);
  const workspaces = workspacePatterns(root, rootFacts.packageJson);
  const found: Detection[] = [];
  for (const relative of candidateFolders(root, workspaces)) {
    const facts = relative === '' ? rootFacts : readFolder(path.join(root, relative));
    // A workspace root's package.json holds tooling, not an app: its members are the apps.
    if (relative === '' && workspaces.length > 0)
      for (const key of [...facts.evidence.keys()])
        if (key.startsWith('npm:')) facts.evidence.delete(key);
    found.push(...detectFolder(facts, root, relative));
  }
  for (const db of readCompose(root))
    found.push({
      name: db.service,
      framework: db.database.id,
      frameworkName: db.database.name,
      kind: 'database',
      cwd: '.',
      cmd: `docker compose -f ${db.file} run --rm -p 127.0.0.1:\${PORT}:${db.containerPort} ${db.service}`,
      health: 'tcp',
      needs: [],
      why: [`${db.file}: service "${db.service}" (image ${db.image})`],
      evidence: db.database.drivers,
    });
  nameServices(found);
  inferNeeds(found, databases, keyMatches);
  return { root, project: projectName(root, rootFacts), services: found };
}

function detectFolder(facts: FolderFacts, root: string, relative: string): Detection[] {
  const scripts = Object.keys(facts.packageJson?.scripts ?? {});
  const runnable = scripts.some((name) => RUN_SCRIPTS.test(name));
  const matches = (row: Framework): string[] | null => {
    const hit = (pattern: string): string | undefined =>
      [...facts.evidence.keys()].find((key) => keyMatches(pattern, key));
    if ((row.all ?? []).some((pattern) => !hit(pattern))) return null;
    const keys = [...new Set(row.any.map(hit).filter((key): key is string => key !== undefined))];
    if (keys.length === 0) return null;
    const npmOnly = keys.every((key) => key.startsWith('npm:'));
    if (
      npmOnly &&
      !(row.extra
        ? scripts.some((name) => facts.packageJson!.scripts[name]!.includes(row.id))
        : runnable)
    )
      return null;
    return [...keys, ...(row.all ?? []).map((pattern) => hit(pattern)!)];
  };
  const primary = frameworks.find((row) => !row.extra && matches(row));
  const extras = frameworks.filter((row) => row.extra && matches(row));
  const { manager, lockfile } = detectPackageManager(facts.dir, root);
  return [...(primary ? [primary] : []), ...extras].map((row) => {
    const usesNode = /\{(exec|script)\}/.test(row.cmd) || row.id === 'bun';
    const why = explain(facts, relative, matches(row)!);
    if (usesNode && lockfile) why.push(`${lockfile}: ${manager}`);
    return {
      name: '',
      framework: row.id,
      frameworkName: row.name,
      kind: row.kind,
      cwd: relative || '.',
      cmd: fillCommand(row.cmd, { facts, root, manager }),
      ...(row.env ? { env: row.env } : {}),
      health: row.health,
      needs: [],
      why,
      ...(usesNode ? { packageManager: manager } : {}),
      evidence: [...facts.evidence.keys()],
    };
  });
}

/** One line a source file: `apps/web/package.json (dependencies): next, react`, `manage.py`. */
function explain(facts: FolderFacts, relative: string, keys: string[]): string[] {
  const bySource = new Map<string, string[]>();
  for (const key of new Set(keys)) {
    const source = join(relative, facts.evidence.get(key)!);
    if (!bySource.has(source)) bySource.set(source, []);
    if (!key.startsWith('file:')) bySource.get(source)!.push(key.replace(/^\w+:/, ''));
  }
  return [...bySource].map(([source, names]) =>
    names.length > 0 ? `${source}: ${names.join(', ')}` : source,
  );
}

function join(relative: string, file: string): string {
  return relative ? `${relative}/${file}` : file;
}

/** A name from a folder: `apps/admin-ui` -> `admin-ui`; at the root, from the kind (web, api...). */
function nameServices(found: Detection[]): void {
  const taken = new Set<string>();
  for (const detection of found) {
    let base =
      detection.kind === 'database' || detection.cwd === '.'
        ? detection.kind === 'database'
          ? segment(detection.name)
          : detection.kind
        : segment(path.basename(detection.cwd));
    if (detection.kind === 'storybook' && detection.cwd !== '.') base = `${base}-storybook`;
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    taken.add(name);
    detection.name = name;
  }
}

function projectName(root: string, facts: FolderFacts): string {
  const fromPackage = facts.packageJson?.name?.replace(/^@[^/]+\//, '');
  return segment(fromPackage || path.basename(root));
}

/** Any text as an identity segment: lower-case letters, digits, '_' and '-'. */
export function segment(text: string): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '')
    .slice(0, 63);
  return cleaned || 'app';
}
