import fs from 'node:fs';

/**
 * The project of the .portdaddyrc found from `cwd` upward, or undefined without one (or when it
 * is unreadable: the command then asks for --project). Loads the orchestrator only when called.
 */
export async function projectHere(cwd = process.cwd()): Promise<string | undefined> {
  const { findProjectConfig } = await import('../orchestrator/load-project-config.js');
  const file = findProjectConfig(cwd);
  if (file === null) return undefined;
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as unknown;
    const project = (parsed as { project?: unknown } | null)?.project;
    return typeof project === 'string' ? project.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}
