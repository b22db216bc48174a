import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { checkConfigRules } from './config-checks.js';
import { projectConfigSchema, type ProjectConfig } from './config-schema.js';
import { locateJsonSyntaxError } from './json-syntax-error.js';
import { schemaIssues } from './schema-issues.js';

export { ConfigError, type ConfigIssue } from './config-error.js';

export const CONFIG_FILE = '.portdaddyrc';

export interface LoadedProjectConfig {
  /** Absolute path of the .portdaddyrc. */
  path: string;
  /** The folder holding it: service cwds are relative to it. */
  root: string;
  config: ProjectConfig;
}

/**
 * Finds the .portdaddyrc for a folder (it or a parent, up to the git root) and validates it.
 * Throws a ConfigError listing every problem with its JSON path.
 */
export async function loadProjectConfig(dir: string): Promise<LoadedProjectConfig> {
  const start = path.resolve(dir);
  const file = findProjectConfig(start);
  if (!file)
    throw new ConfigError(CONFIG_FILE, [
      {
        path: '',
        message: `not found in ${start} or its parents (up to the git root): run \`pd scan\` to write one`,
      },
    ]);
  const root = path.dirname(file);
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(displayName(file), [
      { path: '', message: `cannot read: ${reason(error)}` },
    ]);
  }
  return { path: file, root, config: parseProjectConfig(text, displayName(file), root) };
}

/** The nearest .portdaddyrc from `start` upward, stopping at the git root (or the filesystem's). */
export function findProjectConfig(start: string): string | null {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, CONFIG_FILE);
    if (fs.statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
    if (fs.existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return null;
  }
}

/**
 * Parses and validates .portdaddyrc text. `file` names it in messages; `root` (its folder) lets
 * the checks see whether each cwd exists, null skips that.
 */
export function parseProjectConfig(text: string, file: string, root: string | null): ProjectConfig {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '')
    throw new ConfigError(file, [{ path: '', message: 'empty file: expected a JSON object' }]);
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (error) {
    const where = locateJsonSyntaxError(body);
    const message = where
      ? `invalid JSON at line ${where.line}, column ${where.column}: ${where.message}`
      : `invalid JSON: ${reason(error)}`;
    throw new ConfigError(file, [{ path: '', message }]);
  }
  const result = projectConfigSchema.safeParse(raw);
  const issues: ConfigIssue[] = result.success ? [] : schemaIssues(result.error);
  issues.push(...checkConfigRules(raw, root));
  if (issues.length > 0 || !result.success) throw new ConfigError(file, issues);
  return result.data;
}

function displayName(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
