import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRangeDaemon, stopDaemon, waitFor, type TestDaemon } from '../helpers/daemon.js';
import { makeRepo } from '../helpers/file-claims.js';
import { api, heldLock, sleep } from '../helpers/locks.js';
import { startMcp, type McpSession } from '../helpers/mcp.js';
import { isAlive } from '../helpers/processes.js';

// The issue promises dead-agent detection and release within 2 s of a pid's death.
const REAP_BUDGET_MS = 2000;

interface AgentJson {
  state: string;
  endReason: string | null;
  pid: number | null;
}

const agent = async (daemon: TestDaemon, id: string) =>
  (await api<AgentJson>(daemon, 'GET', `/agents/${id}`)).body;

describe('pd mcp: the server is its agent, alive while it runs', () => {
  let daemon: TestDaemon;
  let repo: string;
  const sessions: McpSession[] = [];

  beforeAll(async () => {
    ({ daemon } = await startRangeDaemon(5));
    repo = makeRepo({ 'src/a.ts': 'a' });
  });
  afterAll(async () => {
    await Promise.all(sessions.map((session) => session.close()));
    await stopDaemon(daemon);
    if (repo) fs.rmSync(repo, { recursive: true, force: true });
  });

  it('heartbeats: an agent with a 3 s timeout is still alive after 4.5 s', async () => {
    const carol = await startMcp(daemon, {
      agent: 'carol',
      cwd: repo,
      env: { PORT_DADDY_AGENT_TIMEOUT: '3s' },
    });
    sessions.push(carol);
    await waitFor(async () => (await agent(daemon, 'carol')).state === 'alive');
    await sleep(4500);
    expect(await agent(daemon, 'carol')).toMatchObject({ state: 'alive', pid: carol.pid });
  });

  it('SIGKILL of pd mcp: its agent dead within 2 s, its files, lock and port free, its work salvageable', async () => {
    const dave = await startMcp(daemon, { agent: 'dave', cwd: repo });
    const erin = await startMcp(daemon, { agent: 'erin', cwd: repo });
    sessions.push(dave, erin);
    await dave.json('sessions', {
      action: 'begin',
      purpose: 'rewrite a.ts',
      identity: 'kill:api',
      files: ['src/a.ts'],
    });
    await dave.json('notes', { action: 'write', text: 'halfway: the parser is done' });
    await dave.json('locks', { action: 'acquire', name: 'kill-lock' });

    const killedAt = Date.now();
    process.kill(dave.pid, 'SIGKILL');
    await waitFor(() => !isAlive(dave.pid));
    const dead = await waitFor(async () => {
      const now = await agent(daemon, 'dave');
      return now.state === 'dead' ? now : undefined;
    });
    expect(Date.now() - killedAt).toBeLessThan(REAP_BUDGET_MS + 1000);
    expect(dead?.endReason).toBe('pid-dead');
    expect(
      (await api<{ claims: unknown[] }>(daemon, 'GET', '/files?agent=dave')).body.claims,
    ).toEqual([]);
    expect(await heldLock(daemon, 'kill-lock')).toBeUndefined();
    expect(
      (await api<{ claims: unknown[] }>(daemon, 'GET', '/claims?pattern=kill:*')).body.claims,
    ).toEqual([]);

    // Another MCP agent sees the dead work and takes it over, notes and files included.
    const { agents } = await erin.json<{ agents: { agent: { id: string } }[] }>('salvage', {
      action: 'list',
    });
    expect(agents.map((candidate) => candidate.agent.id)).toContain('dave');
    const taken = await erin.json<{
      session: { agent: string; purpose: string; id: string };
      reclaimed: { pattern: string }[];
    }>('salvage', { action: 'claim', agent: 'dave' });
    expect(taken.session).toMatchObject({ agent: 'erin', purpose: 'rewrite a.ts' });
    expect(taken.reclaimed.map((claim) => claim.pattern)).toEqual(['src/a.ts']);
    const notes = await erin.json<{ notes: { text: string }[] }>('notes', {
      action: 'read',
      session: taken.session.id,
    });
    expect(notes.notes.map((note) => note.text)).toContain('halfway: the parser is done');
    // The salvaged session is now erin's open session: a note lands on it without naming it.
    const note = await erin.json<{ session: string }>('notes', {
      action: 'write',
      text: 'took over',
    });
    expect(note.session).toBe(taken.session.id);
  });
});
