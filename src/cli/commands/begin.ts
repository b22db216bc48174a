import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { printDeadHint } from './agent-output.js';
import { CliError, EXIT } from '../exit-codes.js';
import { bold, printJson, printLine } from '../output.js';
import { parseDurationText, parsePid } from '../parse-options.js';
import {
  CONTEXT_DIR,
  findWorktreeRoot,
  resolveAgentId,
  writeSessionContext,
} from '../session-context.js';

interface BeginOptions {
  identity?: string;
  project?: string;
  files?: string[];
  agent?: string;
  pid?: number;
  timeout?: string;
  json?: boolean;
  quiet?: boolean;
}

const run = promisify(execFile);

/** Paths given relative to the current folder, made relative to the worktree root. */
function rootRelative(root: string, paths: string[]): string[] {
  return paths.map((given) => {
    const relative = path.relative(root, path.resolve(given));
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new CliError(`${given} is outside the worktree ${root}`, EXIT.USAGE);
    }
    return relative.split(path.sep).join('/');
  });
}

/** Git-ignores the context folder through the repo's own exclude file, touching no tracked file. */
async function excludeContextDir(root: string): Promise<void> {
  try {
    const { stdout } = await run('git', ['rev-parse', '--git-path', 'info/exclude'], { cwd: root });
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

export function registerBegin(program: Command, ctx: CliContext): void {
  program
    .command('begin')
    .description(
      'Start a session: register the agent, claim a port for --identity and the --files, phase planning',
    )
    .argument('<purpose>', 'what you are about to do (shown to other agents)')
    .option('--identity <identity>', 'claim a port for this identity, e.g. myapp:api')
    .option(
      '--project <project>',
      'group the session under this project (default: from --identity)',
    )
    .option('--files <paths...>', 'claim these files or globs for the session (all or none)')
    .option('--agent <id>', 'who you are (default: $PORT_DADDY_AGENT, else a new agent-<hex>)')
    .option(
      '--pid <pid>',
      'the agent dies when this long-lived process exits (never $$ of a one-off shell)',
      parsePid,
    )
    .option(
      '--timeout <duration>',
      'the agent dies after this long without a heartbeat (default 10m)',
      parseDurationText,
    )
    .option('-q, --quiet', 'print only the session id')
    .option('--json', 'print the whole answer as JSON')
    .addHelpText(
      'after',
      `
Writes .portdaddy/session.json at the git root (git-ignored through .git/info/exclude), so pd note,
pd phase and pd done in this worktree find the session without --agent.

Examples:
  pd begin "fix the login redirect" --identity myapp:api --files src/auth/**
  eval "$(pd begin "refactor billing" --agent claude-1 | grep ^export)"
  SESSION=$(pd begin "write docs" -q)`,
    )
    .action(async (purpose: string, options: BeginOptions) => {
      const agent = resolveAgentId(options.agent) ?? `agent-${randomBytes(3).toString('hex')}`;
      const gitRoot = findWorktreeRoot();
      const root = gitRoot ?? process.cwd();
      const answer = await ctx.call((client) =>
        client.sessions.begin({
          agent,
          purpose,
          identity: options.identity,
          project: options.project,
          pid: options.pid,
          timeout: options.timeout,
          worktree: root,
          files: options.files ? { root, paths: rootRelative(root, options.files) } : undefined,
        }),
      );
      const { session } = answer;
      writeSessionContext({
        agent,
        session: session.id,
        url: ctx.config.url,
        identity: session.identity ?? undefined,
        purpose,
      });
      if (gitRoot) await excludeContextDir(gitRoot);
      printDeadHint(session.project, answer.deadInProject);
      if (options.json) return printJson(answer);
      if (options.quiet) return printLine(session.id);
      printLine(`session ${bold(session.id)} (${session.phase}) for ${agent}: ${session.purpose}`);
      if (answer.port)
        printLine(`port ${bold(String(answer.port.port))} for ${answer.port.identity}`);
      if (answer.files.length > 0)
        printLine(`files claimed: ${answer.files.map((claim) => claim.pattern).join(', ')}`);
      printLine(`export PORT_DADDY_AGENT=${agent}`);
    });
}
