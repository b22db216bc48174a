import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { readText, type PackageJson } from './read-folder.js';
import { isYamlMap, readYaml } from './read-yaml.js';

/** Folders looked at even without workspaces: the usual homes of apps in a repo. */
const LAYOUTS = [
  'apps/*',
  'packages/*',
  'services/*',
  'frontend',
  'backend',
  'web',
  'api',
  'server',
  'client',
  'docs',
  'website',
];
const SKIP = new Set([
  'node_modules',
  'dist',
  'build',
  'target',
  'vendor',
  'coverage',
  'out',
  'tmp',
]);
const MAX_DEPTH = 4;

/** The workspace globs of a repo root: package.json "workspaces" and pnpm-workspace.yaml. */
export function workspacePatterns(root: string, packageJson: PackageJson | null): string[] {
  const patterns = [...(packageJson?.workspaces ?? [])];
  const pnpm = readText(path.join(root, 'pnpm-workspace.yaml'));
  if (pnpm !== null) {
    const parsed = readYaml(pnpm);
    const packages = isYamlMap(parsed) ? parsed.packages : undefined;
    if (Array.isArray(packages))
      patterns.push(...packages.filter((item): item is string => typeof item === 'string'));
  }
  return patterns;
}

/**
 * The folders to read, relative to root ('' is the root itself), root first then sorted: those
 * the workspace globs match plus the usual layouts. Hidden folders, node_modules and build output
 * are never entered.
 */
export function candidateFolders(root: string, workspaces: string[]): string[] {
  const include = [...workspaces.filter((glob) => !glob.startsWith('!')), ...LAYOUTS].map(clean);
  const exclude = workspaces
    .filter((glob) => glob.startsWith('!'))
    .map((glob) => clean(glob.slice(1)));
  const isIncluded = picomatch(include);
  const isExcluded = exclude.length > 0 ? picomatch(exclude) : () => false;
  const found: string[] = [];
  const walk = (relative: string, depth: number): void => {
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(path.join(root, relative), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith('.') || SKIP.has(entry.name)) continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (isIncluded(child) && !isExcluded(child)) found.push(child);
      if (depth < MAX_DEPTH) walk(child, depth + 1);
    }
  };
  walk('', 1);
  return ['', ...found.sort()];
}

function clean(glob: string): string {
  return glob.replace(/^\.\//, '').replace(/\/+$/, '');
}
