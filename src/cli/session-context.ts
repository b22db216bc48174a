import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/** What `pd begin` leaves at the worktree root so later commands there know who is working. */
export interface SessionContext {
  agent: string;
  session: string;
  /** The daemon it was made with, so a context from another daemon is not trusted blindly. */
  url?: string | undefined;
  identity?: string | undefined;
  purpose?: string | undefined;
}

export const CONTEXT_DIR = '.portdaddy';
const CONTEXT_FILE = 'session.json';

/** The nearest folder at or above `cwd` holding `.git` (a folder, or a file in a worktree). */
export function findWorktreeRoot(cwd = process.cwd()): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Where `pd begin` writes the context: the worktree root, else the current folder. */
export function sessionContextPath(cwd = process.cwd()): string {
  return path.join(findWorktreeRoot(cwd) ?? path.resolve(cwd), CONTEXT_DIR, CONTEXT_FILE);
}

/** The context at or above `cwd`, or undefined; a damaged file counts as none. */
export function readSessionContext(cwd = process.cwd()): SessionContext | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    const file = path.join(dir, CONTEXT_DIR, CONTEXT_FILE);
    if (fs.existsSync(file)) return parseContext(file);
    if (fs.existsSync(path.join(dir, '.git'))) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function parseContext(file: string): SessionContext | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<SessionContext>;
    if (typeof value.agent !== 'string' || typeof value.session !== 'string') return undefined;
    return value as SessionContext;
  } catch {
    return undefined;
  }
}

export function writeSessionContext(context: SessionContext, cwd = process.cwd()): string {
  const file = sessionContextPath(cwd);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(context, null, 2) + '\n', { mode: 0o600 });
  return file;
}

/**
 * Writes the context at the worktree root and git-ignores its folder through the repository's
 * own exclude file (`git rev-parse --git-path info/exclude`), touching no tracked file.
 */
export async function saveSessionContext(
  context: SessionContext,
  cwd = process.cwd(),
): Promise<string> {
  const file = writeSessionContext(context, cwd);
  const root = findWorktreeRoot(cwd);
  if (root) await excludeContextDir(root);
  return file;
}

async function excludeContextDir(root: string): Promise<void> {
  try {
    const { stdout } = await promisify(execFile)(
      'git',
      ['rev-parse', '--git-path', 'info/exclude'],
      { cwd: root },
    );
    const file = path.resolve(root, stdout.trim());
    const line = `${CONTEXT_DIR}/`;
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current.split('\n').some((existing) => existing.trim() === line)) return;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const separator = current === '' || current.endsWith('\n') ? '' : '\n';
    fs.appendFileSync(file, `${separator}${line}\n`);
  } catch {
    // Not a git repository, or no git: nothing to ignore the context from.
  }
}

/** Removes the context (after `pd done`) when it names this session. */
export function clearSessionContext(session: string, cwd = process.cwd()): void {
  const current = readSessionContext(cwd);
  if (current?.session !== session) return;
  fs.rmSync(sessionContextPath(cwd), { force: true });
}

/** The calling agent: --agent, else $PORT_DADDY_AGENT, else the worktree's session context. */
export function resolveAgentId(explicit?: string, cwd = process.cwd()): string | undefined {
  return explicit ?? (process.env.PORT_DADDY_AGENT || undefined) ?? readSessionContext(cwd)?.agent;
}
