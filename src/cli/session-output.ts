import type { NoteView, SessionChange, SessionView } from '../api/sessions.js';
import { age, dim, printLine, printTable } from './output.js';
import { clearSessionContext } from './session-context.js';

export function printSessions(sessions: SessionView[]): void {
  printTable(
    ['ID', 'AGENT', 'PROJECT', 'PHASE', 'NOTES', 'STARTED', 'PURPOSE'],
    sessions.map((session) => [
      session.id,
      session.agent,
      session.project ?? '-',
      session.salvagedTo ? `${session.phase} -> ${session.salvagedTo}` : session.phase,
      String(session.notes),
      `${age(session.startedAt)} ago`,
      session.purpose,
    ]),
  );
}

/** One note a block: a header line, then the text indented (notes may span lines). */
export function printNotes(notes: NoteView[]): void {
  for (const note of notes) {
    const pin = note.pinned ? ' pinned' : '';
    printLine(dim(`#${note.id} ${note.at} ${note.agent} ${note.session} [${note.type}${pin}]`));
    for (const line of note.text.split('\n')) printLine(`  ${line}`);
  }
}

/** Once the session has ended, the worktree's context no longer names it. */
export function forgetEndedSession(change: SessionChange): void {
  if (change.session.endedAt !== null) clearSessionContext(change.session.id);
}

/** What a phase change or `done` answered, in one line. */
export function printSessionChange(change: SessionChange): void {
  const { session, released } = change;
  if (!released) return printLine(`session ${session.id} is ${session.phase}`);
  const parts = [
    `${released.files} file claim(s)`,
    `${released.locks.length} lock(s)`,
    ...released.ports.map((identity) => `port of ${identity}`),
  ];
  printLine(`session ${session.id} ${session.phase}; released ${parts.join(', ')}; notes kept`);
}
