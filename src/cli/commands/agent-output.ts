import type { AgentView, UnregisterAgentResultView } from '../../api/agents.js';
import { age, green, oneLine, printLine, printTable, red, until, yellow } from '../output.js';

const colourOf = { alive: green, stale: yellow, dead: red, left: (text: string) => text };

export function printAgents(agents: AgentView[]): void {
  printTable(
    ['ID', 'NAME', 'IDENTITY', 'PURPOSE', 'PID', 'HEARTBEAT', 'STATE'],
    agents.map((agent) => [
      agent.id,
      agent.name === agent.id ? '-' : oneLine(agent.name, 24),
      agent.identity ?? (agent.project === null ? '-' : `${agent.project}:*`),
      oneLine(agent.purpose, 40),
      agent.pid === null ? '-' : String(agent.pid),
      `${age(agent.heartbeatAt)} ago`,
      colourOf[agent.state](agent.state),
    ]),
  );
}

/** What the state means right now, in words: when it goes stale or dies, or why it ended. */
function liveness(agent: AgentView): string {
  if (agent.state === 'alive')
    return `alive (stale ${until(agent.staleAt)}, dead ${until(agent.deadAt)} without a heartbeat)`;
  if (agent.state === 'stale') return `stale (dead ${until(agent.deadAt)} without a heartbeat)`;
  const why =
    agent.endReason === 'pid-dead'
      ? 'its process exited'
      : agent.endReason === 'timeout'
        ? 'no heartbeat in time'
        : 'unregistered';
  return `${agent.state} ${age(agent.endedAt!)} ago (${why})`;
}

export function printAgent(agent: AgentView): void {
  const rows: [string, string][] = [
    ['id', agent.id],
    ['name', agent.name],
    ['state', colourOf[agent.state](liveness(agent))],
    ['project', agent.project ?? '-'],
    ['identity', agent.identity ?? '-'],
    ['purpose', agent.purpose ?? '-'],
    ['pid', agent.pid === null ? '-' : String(agent.pid)],
    ['registered', `${agent.registeredAt} (${age(agent.registeredAt)} ago)`],
    ['heartbeat', `${agent.heartbeatAt} (${age(agent.heartbeatAt)} ago)`],
    ['timeout', `${agent.timeoutMs / 1000}s`],
  ];
  if (agent.salvage !== null) rows.push(['salvage', agent.salvage]);
  for (const [key, value] of rows) printLine(`${`${key}:`.padEnd(12)}${value}`);
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

export function printUnregistered({ agent, released }: UnregisterAgentResultView): void {
  const freed = [
    count(released.ports.length, 'port'),
    count(released.locks.length, 'lock'),
    count(released.files, 'file claim'),
  ].join(', ');
  printLine(`unregistered ${agent.id}: released ${freed}`);
  if (released.abandonedSessions.length > 0) {
    printLine(
      `${count(released.abandonedSessions.length, 'open session')} abandoned, kept for: pd salvage${agent.project ? ` --project ${agent.project}` : ''}`,
    );
  }
}

/** The hint on stderr when a registration finds unfinished work of dead agents. */
export function printDeadHint(project: string | null, dead: AgentView[]): void {
  if (project === null || dead.length === 0) return;
  process.stderr.write(
    `${dead.length} dead agent(s) in ${project}:*. Run: pd salvage --project ${project}\n`,
  );
}
