import type { Command } from 'commander';
import { newAgentId, requireAgentId } from '../agent-id.js';
import type { CliContext } from '../cli-context.js';
import { bold, printJson, printLine, until } from '../output.js';
import { parseDurationText, parsePid } from '../parse-options.js';
import { resolveAgentId } from '../session-context.js';
import { printAgent, printAgents, printDeadHint, printUnregistered } from './agent-output.js';

interface RegisterOptions {
  agent?: string;
  name?: string;
  identity?: string;
  project?: string;
  purpose?: string;
  pid?: number;
  timeout?: string;
  json?: boolean;
  quiet?: boolean;
}

const AGENT_OPTION = 'agent id (default: $PORT_DADDY_AGENT, else the pd begin context)';

const REGISTER_HELP = `
The id comes from --agent, else $PORT_DADDY_AGENT, else the worktree's pd begin context, else a
new one (agent-<6 hex>). Registering again updates the agent and counts as a heartbeat; a dead
or unregistered agent comes back alive.

Liveness: stale after half the timeout without a heartbeat, dead after the whole timeout or as
soon as --pid exits. Death releases its ports, locks and file claims and abandons its sessions
(kept, with their notes, for pd salvage).

Examples:
  export PORT_DADDY_AGENT=$(pd agent register --identity myapp:api --purpose "fix login" -q)
  pd agent register --agent reviewer --pid $$ --timeout 2m
  pd agent heartbeat
  pd agents --project myapp`;

function registerRegister(agent: Command, ctx: CliContext): void {
  agent
    .command('register')
    .description('Register this agent (prints its id and the line to export)')
    .option('--agent <id>', AGENT_OPTION)
    .option('--name <name>', 'display name (default: the id)')
    .option('--identity <identity>', 'what it works on: project[:stack[:context]], e.g. myapp:api')
    .option('--project <project>', 'project (default: the first segment of --identity)')
    .option('--purpose <text>', 'what it is doing, in a sentence')
    .option('--pid <pid>', 'dead as soon as this process exits', parsePid)
    .option(
      '--timeout <duration>',
      'dead after this long without a heartbeat, stale at half (default 10m, at least 1s)',
      parseDurationText,
    )
    .option('--json', 'print the registration as JSON')
    .option('-q, --quiet', 'print the id only')
    .addHelpText('after', REGISTER_HELP)
    .action(async (options: RegisterOptions) => {
      const id = resolveAgentId(options.agent) ?? newAgentId();
      const result = await ctx.call((client) =>
        client.agents.register({
          agent: id,
          name: options.name,
          identity: options.identity,
          project: options.project,
          purpose: options.purpose,
          pid: options.pid,
          timeout: options.timeout,
        }),
      );
      printDeadHint(result.agent.project, result.deadInProject);
      if (options.json) return printJson(result);
      if (options.quiet) return printLine(result.agent.id);
      const what = result.agent.identity ?? result.agent.project;
      const verb = result.created ? 'registered' : 'updated';
      printLine(`${verb} ${bold(result.agent.id)}${what ? ` (${what})` : ''}`);
      printLine(`export PORT_DADDY_AGENT=${result.agent.id}`);
    });
}

function registerLifecycle(agent: Command, ctx: CliContext): void {
  agent
    .command('heartbeat')
    .description('Say this agent is still working (a dead one comes back alive)')
    .option('--agent <id>', AGENT_OPTION)
    .option('--json', 'print the agent as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  pd agent heartbeat\n  while sleep 60; do pd agent heartbeat -q; done &',
    )
    .option('-q, --quiet', 'print nothing')
    .action(async (options: { agent?: string; json?: boolean; quiet?: boolean }) => {
      const id = requireAgentId(options.agent);
      const beaten = await ctx.call((client) => client.agents.heartbeat(id));
      if (options.json) return printJson(beaten);
      if (!options.quiet)
        printLine(`${beaten.id} ${beaten.state}: dead ${until(beaten.deadAt)} without a heartbeat`);
    });

  agent
    .command('show')
    .description('One agent: identity, purpose, pid, heartbeat, liveness')
    .argument('[id]', 'agent id (default: $PORT_DADDY_AGENT, else the pd begin context)')
    .option('--json', 'print the agent as JSON')
    .addHelpText('after', '\nExamples:\n  pd agent show agent-1a2b3c\n  pd agent show --json')
    .action(async (given: string | undefined, options: { json?: boolean }) => {
      const id = requireAgentId(given);
      const shown = await ctx.call((client) => client.agents.get(id));
      if (options.json) return printJson(shown);
      printAgent(shown);
    });

  agent
    .command('unregister')
    .description('This agent leaves: releases its ports, locks and file claims')
    .option('--agent <id>', AGENT_OPTION)
    .option('--json', 'print the agent and what was released as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  pd agent unregister\n  pd agent unregister --agent agent-1a2b3c',
    )
    .action(async (options: { agent?: string; json?: boolean }) => {
      const id = requireAgentId(options.agent);
      const result = await ctx.call((client) => client.agents.unregister(id));
      if (options.json) return printJson(result);
      printUnregistered(result);
    });
}

export function registerAgent(program: Command, ctx: CliContext): void {
  const agent = program
    .command('agent')
    .description('Agents: register, heartbeat, show, unregister (list them with pd agents)');
  registerRegister(agent, ctx);
  registerLifecycle(agent, ctx);

  program
    .command('agents')
    .description('List agents: id, name, identity, purpose, pid, last heartbeat, state')
    .option('--project <project>', 'only agents of this project')
    .option('--all', 'also dead and unregistered agents')
    .option('--json', 'print the agents as a JSON array')
    .addHelpText(
      'after',
      '\nStates: alive; stale (no heartbeat for half the timeout); dead (pid gone or timed out); left.\n\nExamples:\n  pd agents\n  pd agents --project myapp --all --json',
    )
    .action(async (options: { project?: string; all?: boolean; json?: boolean }) => {
      const { agents } = await ctx.call((client) =>
        client.agents.list({ project: options.project, all: options.all }),
      );
      if (options.json) return printJson(agents);
      if (agents.length === 0)
        return printLine(options.all ? 'no agents' : 'no live agents (--all shows ended ones)');
      printAgents(agents);
    });
}
