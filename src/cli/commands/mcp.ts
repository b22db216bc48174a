import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { packageVersion } from '../../config/index.js';
import type { McpClientName, ServerEntry } from '../../mcp/install-config.js';
import { newAgentId } from '../agent-id.js';
import type { CliContext } from '../cli-context.js';
import { currentWorktree } from '../claim-paths.js';
import { CliError, EXIT } from '../exit-codes.js';
import { printLine } from '../output.js';

const CLIENTS = ['claude', 'cursor', 'codex', 'gemini'];

function parseClient(value: string): McpClientName {
  if (!CLIENTS.includes(value)) {
    throw new InvalidArgumentError(`must be one of ${CLIENTS.join(', ')}.`);
  }
  return value as McpClientName;
}

/** The server's agent: $PORT_DADDY_AGENT, else a new agent-<hex> for this server alone. */
async function serverAgent(): Promise<string> {
  const agent = process.env.PORT_DADDY_AGENT || newAgentId();
  // Loaded here, not at start-up: api/fields uses zod, which `pd` must not load to start.
  const { AGENT_ID, AGENT_ID_RULE } = await import('../../api/fields.js');
  if (!AGENT_ID.test(agent)) {
    throw new CliError(
      `PORT_DADDY_AGENT is not an agent id (${AGENT_ID_RULE}): "${agent}"`,
      EXIT.USAGE,
    );
  }
  return agent;
}

/** How the client starts the server; the daemon's address goes along when it is not the default. */
function serverEntry(): ServerEntry {
  const env: Record<string, string> = {};
  for (const name of ['PORT_DADDY_URL', 'PORT_DADDY_HOME']) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return { command: 'pd', args: ['mcp'], ...(Object.keys(env).length > 0 ? { env } : {}) };
}

async function install(client: McpClientName, options: { print?: boolean }): Promise<void> {
  const { installTarget, mergeConfig } = await import('../../mcp/install-config.js');
  const entry = serverEntry();
  const target = installTarget(client, entry, {
    root: currentWorktree().root,
    home: os.homedir(),
    codexHome: process.env.CODEX_HOME || undefined,
  });
  if (options.print) {
    printLine(`# ${target.file}`);
    process.stdout.write(target.snippet);
    if (target.command) printLine(`# or: ${target.command}`);
    return;
  }
  const existing = fs.existsSync(target.file) ? fs.readFileSync(target.file, 'utf8') : undefined;
  let merged: string;
  try {
    merged = mergeConfig(target, entry, existing);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new CliError(`cannot add port-daddy to ${target.file} (left unchanged): ${why}`);
  }
  fs.mkdirSync(path.dirname(target.file), { recursive: true });
  fs.writeFileSync(target.file, merged);
  printLine(
    `${existing === undefined ? 'wrote' : 'updated'} ${target.file}: port-daddy runs as "pd mcp"`,
  );
  printLine(`restart ${client} to load it; its tools then appear as briefing, sessions, files...`);
}

export function registerMcp(program: Command, ctx: CliContext): void {
  const mcp = program
    .command('mcp')
    .description('Run the MCP server on stdio: every port-daddy primitive as tools for an AI agent')
    .addHelpText(
      'after',
      `
The server registers one agent ($PORT_DADDY_AGENT, else a new agent-<hex>) with its own pid and
heartbeats it, so its claims and locks are freed when the server dies. It starts the daemon on
demand, like every pd command. Tools and resources: docs/mcp.md.

Examples:
  pd mcp install --client claude          # add it to .mcp.json of this project
  pd mcp install --client codex --print   # only print the ~/.codex/config.toml table
  PORT_DADDY_AGENT=claude-1 pd mcp        # what an MCP client runs`,
    )
    .action(async () => {
      const agent = await serverAgent();
      const { runMcpServer } = await import('../../mcp/server.js');
      await runMcpServer(
        {
          call: (request) => ctx.call(request),
          agent,
          root: currentWorktree().root,
          pid: process.pid,
          agentTimeoutMs: ctx.config.agentTimeoutMs,
        },
        packageVersion(),
      );
    });
  mcp
    .command('install')
    .description("Add pd mcp to an MCP client's config (or print the snippet)")
    .requiredOption('--client <client>', `the client: ${CLIENTS.join(', ')}`, parseClient)
    .option('--print', 'print the config snippet and where it goes; write nothing')
    .addHelpText(
      'after',
      `
Files: claude .mcp.json, cursor .cursor/mcp.json, gemini .gemini/settings.json (at the git root
of this folder), codex ~/.codex/config.toml ($CODEX_HOME). Other servers in the file are kept.

Examples:
  pd mcp install --client claude
  pd mcp install --client cursor --print`,
    )
    .action((options: { client: McpClientName; print?: boolean }) =>
      install(options.client, options),
    );
}
