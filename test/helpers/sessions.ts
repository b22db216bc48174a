import { expect } from 'vitest';
import type { CliResult } from './cli.js';
import type { TestDaemon } from './daemon.js';

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

/**
 * Runs the CLI in `repo` as one agent or another: `as` answers whatever happened, `ok` insists
 * on exit 0. Each agent is named by $PORT_DADDY_AGENT, so several share one worktree.
 */
export function agentsIn(daemon: () => TestDaemon, repo: () => string) {
  const as = (agent: string, args: string[]): Promise<CliResult> =>
    daemon().cli(args, { cwd: repo(), env: { PORT_DADDY_AGENT: agent } });
  const ok = async (agent: string, args: string[]): Promise<CliResult> => {
    const result = await as(agent, args);
    expect(result.code, `pd ${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result;
  };
  return { as, ok };
}
