import type { NoteTypeName } from '../api/session-phases.js';
import type { NoteView } from '../api/sessions.js';
import type { CliContext } from './cli-context.js';
import { currentSession } from './current-session.js';

export interface AddNoteOptions {
  type?: NoteTypeName;
  pin?: boolean;
  session?: string;
  agent?: string;
}

/** Adds a note to the caller's session (`pd note`, `pd say`). */
export async function addNoteToCurrentSession(
  ctx: CliContext,
  text: string,
  options: AddNoteOptions,
): Promise<NoteView> {
  const target = await currentSession(ctx, options);
  return ctx.call((client) =>
    client.sessions.addNote(target.session, {
      text,
      type: options.type,
      pinned: options.pin,
      agent: target.agent,
    }),
  );
}
