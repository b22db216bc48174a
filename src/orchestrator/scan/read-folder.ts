import fs from 'node:fs';
import path from 'node:path';

export interface PackageJson {
  name?: string;
  main?: string;
  module?: string;
  scripts: Record<string, string>;
  workspaces: string[];
}

/** What one folder's manifests say: evidence keys (see frameworks.ts), each with the file that said it. */
export interface FolderFacts {
  dir: string;
  entries: Set<string>;
  evidence: Map<string, string>;
  packageJson: PackageJson | null;
}

export function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function readJsonObject(file: string): Record<string, unknown> | null {
  const text = readText(file);
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const keysOf = (value: unknown): string[] =>
  typeof value === 'object' && value !== null ? Object.keys(value) : [];

export function readFolder(dir: string): FolderFacts {
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    // unreadable: no evidence
  }
  const facts: FolderFacts = {
    dir,
    entries: new Set(entries),
    evidence: new Map(),
    packageJson: null,
  };
  const add = (key: string, where: string): void => {
    if (!facts.evidence.has(key)) facts.evidence.set(key, where);
  };
  for (const entry of entries) add(`file:${entry}`, entry);
  const file = (name: string): string | null =>
    facts.entries.has(name) ? readText(path.join(dir, name)) : null;

  const pkg = facts.entries.has('package.json')
    ? readJsonObject(path.join(dir, 'package.json'))
    : null;
  if (pkg) {
    for (const field of [
      'dependencies',
      'devDependencies',
      'peerDependencies',
      'optionalDependencies',
    ])
      for (const dep of keysOf(pkg[field])) add(`npm:${dep}`, `package.json (${field})`);
    const workspaces = Array.isArray(pkg.workspaces)
      ? pkg.workspaces
      : (pkg.workspaces as { packages?: unknown } | undefined)?.packages;
    const scripts = typeof pkg.scripts === 'object' && pkg.scripts !== null ? pkg.scripts : {};
    facts.packageJson = {
      name: typeof pkg.name === 'string' ? pkg.name : undefined,
      main: typeof pkg.main === 'string' ? pkg.main : undefined,
      module: typeof pkg.module === 'string' ? pkg.module : undefined,
      scripts: Object.fromEntries(Object.entries(scripts).filter(([, v]) => typeof v === 'string')),
      workspaces: Array.isArray(workspaces) ? workspaces.filter((w) => typeof w === 'string') : [],
    };
  }

  for (const name of entries.filter((entry) => /^requirements.*\.txt$/.test(entry)))
    for (const match of (file(name) ?? '').matchAll(/^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/gm))
      add(`py:${pythonName(match[1]!)}`, name);
  const pyproject = file('pyproject.toml');
  if (pyproject)
    for (const dep of pyprojectDeps(pyproject)) add(`py:${pythonName(dep)}`, 'pyproject.toml');
  const pipfile = file('Pipfile');
  if (pipfile)
    for (const dep of tomlSectionKeys(pipfile, /^(dev-)?packages$/))
      add(`py:${pythonName(dep)}`, 'Pipfile');

  for (const match of (file('Gemfile') ?? '').matchAll(/^\s*gem\s+["']([^"']+)["']/gm))
    add(`gem:${match[1]}`, 'Gemfile');
  for (const match of (file('mix.exs') ?? '').matchAll(/\{\s*:([a-z_0-9]+)\s*,/g))
    add(`mix:${match[1]}`, 'mix.exs');
  const composer = facts.entries.has('composer.json')
    ? readJsonObject(path.join(dir, 'composer.json'))
    : null;
  if (composer)
    for (const dep of [...keysOf(composer.require), ...keysOf(composer['require-dev'])])
      add(`composer:${dep}`, 'composer.json');
  for (const match of (file('go.mod') ?? '').matchAll(
    /^\s*(?:require\s+)?([a-z0-9.-]+\.[a-z]+\/[^\s]+)\s+v/gm,
  ))
    add(`go:${match[1]}`, 'go.mod');
  const cargo = file('Cargo.toml');
  if (cargo)
    for (const dep of tomlSectionKeys(cargo, /dependencies$/)) add(`cargo:${dep}`, 'Cargo.toml');
  for (const match of (file('pom.xml') ?? '').matchAll(
    /<artifactId>\s*([^<\s]+)\s*<\/artifactId>/g,
  ))
    add(`jvm:${match[1]}`, 'pom.xml');
  for (const name of ['build.gradle', 'build.gradle.kts']) {
    const gradle = file(name) ?? '';
    if (/org\.springframework\.boot/.test(gradle)) add('jvm:spring-boot', name);
    for (const match of gradle.matchAll(/["'][\w.-]+:([\w.-]+)(?::[^"']*)?["']/g))
      add(`jvm:${match[1]}`, name);
  }
  for (const name of entries.filter((entry) => entry.endsWith('.csproj')))
    if (/Sdk="Microsoft\.NET\.Sdk\.Web"/.test(file(name) ?? '')) add('dotnet:web', name);
  return facts;
}

/** PEP 503 normalisation, so Flask, flask and python_dotenv match the table. */
function pythonName(name: string): string {
  return name.toLowerCase().replace(/[._]+/g, '-');
}

/** Names in PEP 621 `dependencies = [...]` lists and in Poetry's dependency tables. */
function pyprojectDeps(text: string): string[] {
  const names: string[] = [];
  for (const list of text.matchAll(/^\s*(?:dependencies|dev|test|[\w-]+)\s*=\s*\[([^\]]*)\]/gm))
    for (const item of list[1]!.matchAll(/["']\s*([A-Za-z0-9][A-Za-z0-9._-]*)/g))
      names.push(item[1]!);
  names.push(...tomlSectionKeys(text, /dependencies$/).filter((name) => name !== 'python'));
  return names;
}

/** Keys of the TOML tables whose header matches, e.g. [dependencies] or [tool.poetry.dependencies]. */
function tomlSectionKeys(text: string, header: RegExp): string[] {
  const keys: string[] = [];
  let inside = false;
  for (const line of text.split(/\r?\n/)) {
    const section = /^\s*\[+([^\]]+)\]+/.exec(line);
    if (section) inside = header.test(section[1]!.trim());
    else if (inside) {
      const key = /^\s*["']?([A-Za-z0-9_.-]+)["']?\s*=/.exec(line);
      if (key) keys.push(key[1]!);
    }
  }
  return keys;
}
