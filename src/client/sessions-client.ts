import type {
  BeginSessionAnswer,
  BeginSessionRequest,
  NoteRequest,
  NoteView,
  PhaseName,
  SessionChange,
  SessionView,
} from '../api/sessions.js';
import type { HttpTransport } from './http-transport.js';

export interface SessionListOptions {
  /** Ended sessions too. */
  all?: boolean;
  agent?: string;
  project?: string;
}

export interface NoteListOptions {
  session?: string;
  project?: string;
  /** Notes written by this agent. */
  agent?: string;
  /** ISO 8601 time or epoch ms: notes written at or after. */
  since?: string | number;
  /** The newest N (default 100), oldest first. */
  limit?: number;
}

function query(params: object): string {
  const entries = Object.entries(params)
    .filter(([, value]) => value !== undefined && value !== false)
    .map(([key, value]): [string, string] => [key, String(value)]);
  return entries.length === 0 ? '' : '?' + new URLSearchParams(entries).toString();
}

const sessionPath = (id: string, suffix = '') => `/sessions/${encodeURIComponent(id)}${suffix}`;

/** Sessions and notes. */
export class SessionsClient {
  constructor(protected readonly transport: HttpTransport) {}

  /** Registers the agent, claims the identity's port and the files, starts a session. */
  begin(request: BeginSessionRequest): Promise<BeginSessionAnswer> {
    return this.transport.request('POST', '/sessions', request);
  }

  /** Open sessions, newest first; `all` adds ended ones. */
  list(options: SessionListOptions = {}): Promise<{ sessions: SessionView[] }> {
    return this.transport.request('GET', '/sessions' + query(options));
  }

  get(id: string): Promise<SessionView> {
    return this.transport.request('GET', sessionPath(id));
  }

  /** ILLEGAL_PHASE (409) out of completed or abandoned; completed releases like `done`. */
  phase(id: string, phase: PhaseName): Promise<SessionChange> {
    return this.transport.request('POST', sessionPath(id, '/phase'), { phase });
  }

  /** Completes the session: releases its files, the agent's locks and its port; keeps notes. */
  done(id: string, summary?: string): Promise<SessionChange> {
    return this.transport.request('POST', sessionPath(id, '/done'), { summary });
  }

  addNote(id: string, note: NoteRequest): Promise<NoteView> {
    return this.transport.request('POST', sessionPath(id, '/notes'), note);
  }

  sessionNotes(
    id: string,
    options: { since?: string | number; limit?: number } = {},
  ): Promise<{ notes: NoteView[] }> {
    return this.transport.request('GET', sessionPath(id, '/notes') + query(options));
  }

  /** Notes across sessions, filtered by session, project, author or time. */
  notes(options: NoteListOptions = {}): Promise<{ notes: NoteView[] }> {
    return this.transport.request('GET', '/notes' + query(options));
  }
}
