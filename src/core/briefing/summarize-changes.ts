import type { ActivityEvent } from '../events/index.js';

/** How many of each kind of change happened; a kind is what a person reading the line cares about. */
export interface ChangeCounts {
  agentsJoined: number;
  agentsDied: number;
  agentsLeft: number;
  sessionsStarted: number;
  sessionsCompleted: number;
  sessionsAbandoned: number;
  sessionsSalvaged: number;
  phaseChanges: number;
  notes: number;
  filesClaimed: number;
  filesReleased: number;
  locksTaken: number;
  portsClaimed: number;
  portsReleased: number;
  messages: number;
  other: number;
}

const KINDS: Record<string, keyof ChangeCounts> = {
  'agent.registered': 'agentsJoined',
  'agent.revived': 'agentsJoined',
  'agent.died': 'agentsDied',
  'agent.left': 'agentsLeft',
  'session.started': 'sessionsStarted',
  'session.completed': 'sessionsCompleted',
  'session.abandoned': 'sessionsAbandoned',
  'session.salvaged': 'sessionsSalvaged',
  'session.phase': 'phaseChanges',
  'note.added': 'notes',
  'file.claimed': 'filesClaimed',
  'file.released': 'filesReleased',
  'lock.acquired': 'locksTaken',
  'claim.created': 'portsClaimed',
  'claim.released': 'portsReleased',
  'inbox.sent': 'messages',
};

/** Events that say nothing a returning person needs (renewals, heartbeats, reads). */
const QUIET = new Set([
  'claim.renewed',
  'lock.extended',
  'lock.released',
  'inbox.read',
  'file.renewed',
  'agent.salvage',
]);

export function countChanges(events: readonly ActivityEvent[]): ChangeCounts {
  const counts: ChangeCounts = {
    agentsJoined: 0,
    agentsDied: 0,
    agentsLeft: 0,
    sessionsStarted: 0,
    sessionsCompleted: 0,
    sessionsAbandoned: 0,
    sessionsSalvaged: 0,
    phaseChanges: 0,
    notes: 0,
    filesClaimed: 0,
    filesReleased: 0,
    locksTaken: 0,
    portsClaimed: 0,
    portsReleased: 0,
    messages: 0,
    other: 0,
  };
  for (const event of events) {
    const kind = KINDS[event.type];
    if (kind) counts[kind]++;
    else if (!QUIET.has(event.type)) counts.other++;
  }
  return counts;
}

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count} ${count === 1 ? one : many}`;

/**
 * One line for a shell prompt or the top of `pd look`: the most important changes first, zeros
 * left out, e.g. "30m: 1 agent died (1 awaiting salvage); 2 sessions done; 14 notes".
 */
export function summaryLine(
  counts: ChangeCounts,
  context: { window: string; awaitingSalvage: number; liveAgents: number },
): string {
  const parts: string[] = [];
  if (counts.agentsDied > 0) parts.push(`${plural(counts.agentsDied, 'agent')} died`);
  if (context.awaitingSalvage > 0) parts.push(`${context.awaitingSalvage} awaiting salvage`);
  if (counts.sessionsSalvaged > 0)
    parts.push(`${plural(counts.sessionsSalvaged, 'session')} salvaged`);
  if (counts.sessionsCompleted > 0)
    parts.push(`${plural(counts.sessionsCompleted, 'session')} done`);
  if (counts.sessionsStarted > 0)
    parts.push(`${plural(counts.sessionsStarted, 'session')} started`);
  if (counts.sessionsAbandoned > 0)
    parts.push(`${plural(counts.sessionsAbandoned, 'session')} abandoned`);
  if (counts.notes > 0) parts.push(plural(counts.notes, 'note'));
  if (counts.filesClaimed > 0) parts.push(`${plural(counts.filesClaimed, 'file')} claimed`);
  if (counts.agentsJoined > 0) parts.push(`${plural(counts.agentsJoined, 'agent')} joined`);
  if (counts.agentsLeft > 0) parts.push(`${plural(counts.agentsLeft, 'agent')} left`);
  if (counts.locksTaken > 0) parts.push(`${plural(counts.locksTaken, 'lock')} taken`);
  if (counts.portsClaimed > 0) parts.push(`${plural(counts.portsClaimed, 'port')} claimed`);
  if (counts.messages > 0) parts.push(`${plural(counts.messages, 'inbox message')} sent`);
  const live = `${plural(context.liveAgents, 'agent')} live`;
  if (parts.length === 0) return `${context.window}: no changes; ${live}`;
  return `${context.window}: ${parts.join(', ')}; ${live}`;
}
