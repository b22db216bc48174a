import fs from 'node:fs';
import path from 'node:path';
import { findUp, packageManagerCommands, type PackageManager } from './package-manager.js';
import type { FolderFacts } from './read-folder.js';
import { readText } from './read-folder.js';

export interface CommandContext {
  facts: FolderFacts;
  root: string;
  manager: PackageManager;
}

const DEV_SCRIPTS = ['dev', 'start:dev', 'develop', 'serve', 'start'];
const PYTHON_RUNNERS: [string, string][] = [
  ['uv.lock', 'uv run '],
  ['poetry.lock', 'poetry run '],
  ['Pipfile.lock', 'pipenv run '],
  ['Pipfile', 'pipenv run '],
];
const PYTHON_APP_FILES = [
  'main.py',
  'app.py',
  'server.py',
  'api.py',
  'asgi.py',
  'wsgi.py',
  'app/main.py',
  'src/main.py',
  'src/app.py',
];

/** Fills a framework's command placeholders ({exec}, {script}, {py}, ...) for one folder. */
export function fillCommand(template: string, context: CommandContext): string {
  const { facts, root, manager } = context;
  const pm = packageManagerCommands[manager];
  const has = (name: string): boolean => facts.entries.has(name);
  const values: Record<string, () => string> = {
    exec: () => pm.exec,
    script: () => {
      const script = DEV_SCRIPTS.find((name) => facts.packageJson?.scripts[name] !== undefined);
      return script ? `${pm.run} ${script}` : `node ${facts.packageJson?.main ?? 'index.js'}`;
    },
    py: () => {
      const found = findUp(
        facts.dir,
        root,
        PYTHON_RUNNERS.map(([file]) => file),
      );
      return (
        PYTHON_RUNNERS.find(([file]) => found !== null && path.basename(found) === file)?.[1] ?? ''
      );
    },
    asgi: () => pythonApp(facts.dir) ?? 'main:app',
    wsgi: () => pythonApp(facts.dir) ?? 'app',
    mvn: () => (has('mvnw') ? './mvnw' : 'mvn'),
    gradle: () => (has('gradlew') ? './gradlew' : 'gradle'),
    entry: () => runtimeEntry(facts, pm.run),
  };
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name]?.() ?? whole);
}

/** `module:variable` of the first Python file that creates a FastAPI/Starlette/Sanic/Flask app. */
function pythonApp(dir: string): string | null {
  for (const file of PYTHON_APP_FILES) {
    const text = readText(path.join(dir, file));
    const match = text && /^(\w+)\s*(?::[^=]+)?=\s*(?:FastAPI|Starlette|Sanic|Flask)\(/m.exec(text);
    if (match) return `${file.replace(/\.py$/, '').replace(/\//g, '.')}:${match[1]}`;
  }
  return null;
}

/** How to run a Deno or Bun app: its dev task or script, else its main file in watch mode. */
function runtimeEntry(facts: FolderFacts, run: string): string {
  const deno = ['deno.json', 'deno.jsonc'].find((name) => facts.entries.has(name));
  if (deno) {
    const text = readText(path.join(facts.dir, deno)) ?? '';
    if (/"tasks"\s*:\s*\{[^}]*"dev"\s*:/.test(text)) return 'deno task dev';
    const main =
      ['main.ts', 'server.ts', 'mod.ts', 'main.js'].find((name) => facts.entries.has(name)) ??
      'main.ts';
    return `deno run -A --watch ${main}`;
  }
  if (facts.packageJson?.scripts.dev !== undefined) return `${run} dev`;
  const main =
    facts.packageJson?.module ??
    facts.packageJson?.main ??
    ['index.ts', 'src/index.ts', 'server.ts', 'index.js'].find((name) =>
      fs.existsSync(path.join(facts.dir, name)),
    ) ??
    'index.ts';
  return `bun --hot ${main}`;
}
