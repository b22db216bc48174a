/** A session as `GET /sessions/{id}`, `pd sessions --json` and `pd begin --json` print it. */
export interface SessionJson {
  id: string;
  agent: string;
  project: string | null;
  identity: string | null;
  purpose: string;
  phase: string;
  worktree: string | null;
  startedAt: string;
  updatedAt: string;
  endedAt: string | null;
  summary: string | null;
  salvagedFrom: string | null;
  salvagedTo: string | null;
  notes: number;
}

export interface NoteJson {
  id: number;
  session: string;
  agent: string;
  type: string;
  pinned: boolean;
  at: string;
  text: string;
}

export interface SessionChangeJson {
  session: SessionJson;
  released: { files: number; locks: string[]; ports: string[] } | null;
}

export interface BeginJson {
  session: SessionJson;
  agent: { id: string; project: string | null };
  port: { identity: string; port: number; owner: string | null } | null;
  files: { pattern: string; session: string | null }[];
  deadInProject: { id: string }[];
}

/** The environment of a caller that has no agent of its own: only the worktree can say. */
export const NO_AGENT = { PORT_DADDY_AGENT: '' };
