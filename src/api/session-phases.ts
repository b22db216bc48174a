// Kept free of zod so the CLI can name phases and note types without loading it.

/** Open phases move freely among themselves; completed and abandoned end a session. */
export const PHASE_NAMES = [
  'planning',
  'in_progress',
  'testing',
  'reviewing',
  'completed',
  'abandoned',
] as const;
export const NOTE_TYPE_NAMES = ['progress', 'finding', 'blocker', 'handoff'] as const;

export type PhaseName = (typeof PHASE_NAMES)[number];
export type NoteTypeName = (typeof NOTE_TYPE_NAMES)[number];
