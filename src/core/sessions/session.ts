/** Open phases may move to one another; completed and abandoned are final. */
export const OPEN_PHASES = ['planning', 'in_progress', 'testing', 'reviewing'] as const;
export const END_PHASES = ['completed', 'abandoned'] as const;
export const PHASES = [...OPEN_PHASES, ...END_PHASES] as const;
export type Phase = (typeof PHASES)[number];

export const NOTE_TYPES = ['progress', 'finding', 'blocker', 'handoff'] as const;
export type NoteType = (typeof NOTE_TYPES)[number];

export const isOpenPhase = (phase: string): boolean =>
  (OPEN_PHASES as readonly string[]).includes(phase);

export interface Session {
  id: string;
  agentId: string;
  project: string | null;
  identity: string | null;
  /** Plaintext: listings and file-claim conflicts show it. */
  purpose: string;
  phase: Phase;
  /** The worktree (git root) the session works in, when known. */
  worktree: string | null;
  startedAt: number;
  updatedAt: number;
  endedAt: number | null;
  /** What `done` said; stored encrypted. */
  summary: string | null;
  /** The abandoned session this one continues (salvage). */
  salvagedFrom: string | null;
  /** The session that continues this one. */
  salvagedTo: string | null;
  notes: number;
}

export interface Note {
  id: number;
  sessionId: string;
  /** Who wrote it: stays the author when salvage moves the note to another session. */
  agentId: string;
  type: NoteType;
  pinned: boolean;
  at: number;
  text: string;
}

export interface BeginInput {
  agentId: string;
  purpose: string;
  identity?: string | undefined;
  project?: string | undefined;
  worktree?: string | undefined;
}

export interface NoteInput {
  text: string;
  type?: NoteType | undefined;
  pinned?: boolean | undefined;
  /** The author; default: the session's agent. */
  agentId?: string | undefined;
}

export interface SessionFilter {
  /** Ended sessions too. */
  all?: boolean | undefined;
  agentId?: string | undefined;
  project?: string | undefined;
}

export interface NoteFilter {
  sessionId?: string | undefined;
  project?: string | undefined;
  agentId?: string | undefined;
  /** Epoch ms: notes written at or after. */
  since?: number | undefined;
  /** The newest this many (default 100), returned oldest first. */
  limit?: number | undefined;
}
