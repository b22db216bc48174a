import type { Command } from 'commander';
import { newAgentId } from '../agent-id.js';
import type { CliContext } from '../cli-context.js';
import { printDeadHint } from './agent-output.js';
import { bold, printJson, printLine } from '../output.js';
import { parseDurationText, parsePid } from '../parse-options.js';
import { currentWorktree, toRootRelative } from '../claim-paths.js';
import { resolveAgentId, saveSessionContext } from '../session-context.js';

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
      const agent = resolveAgentId(options.agent) ?? newAgentId();
      const worktree = currentWorktree();
      const { root } = worktree;
      const answer = await ctx.call((client) =>
        client.sessions.begin({
          agent,
          purpose,
          identity: options.identity,
          project: options.project,
          pid: options.pid,
          timeout: options.timeout,
          worktree: root,
          files: options.files
            ? { root, paths: options.files.map((typed) => toRootRelative(worktree, typed)) }
            : undefined,
        }),
      );
      const { session } = answer;
      await saveSessionContext({
        agent,
        session: session.id,
        url: ctx.config.url,
        identity: session.identity ?? undefined,
        purpose,
      });
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
