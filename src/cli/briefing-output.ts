import type { SalvageCandidateView } from '../api/briefing.js';
import type { NoteView } from '../api/sessions.js';
import { formatTime } from './format-activity.js';
import { age, bold, cyan, dim, oneLine, printLine, red, yellow } from './output.js';

const noteColour = { progress: cyan, finding: cyan, blocker: red, handoff: yellow };

/** `12:01:07 agent-1 [blocker] the staging db is down` (pinned notes get a star). */
export function printNotes(notes: readonly NoteView[], indent = '  '): void {
  for (const note of notes) {
    const pin = note.pinned ? '* ' : '';
    const type = noteColour[note.type](`[${note.type}]`);
    printLine(`${indent}${dim(formatTime(note.at))} ${note.agent} ${type} ${pin}${note.text}`);
  }
}

export function printSection(title: string, count?: number): void {
  printLine('');
  printLine(bold(count === undefined ? title : `${title} (${count})`));
}

/** One line per dead agent: what it was doing and how to take it over. */
export function printSalvageLines(candidates: readonly SalvageCandidateView[]): void {
  for (const { agent, session } of candidates) {
    const died = agent.endedAt === null ? '' : ` ${age(agent.endedAt)} ago`;
    const work = session
      ? `"${oneLine(session.purpose)}" (${session.phase}, ${session.notes} notes)`
      : 'no session';
    printLine(`  ${red(agent.id)} died${died}: ${work}  ${dim(`pd salvage claim ${agent.id}`)}`);
  }
}
