import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRangeDaemon, stopDaemon, type TestDaemon } from '../helpers/daemon.js';
import { makeRepo } from '../helpers/file-claims.js';
import { startMcp, toolText, type McpSession } from '../helpers/mcp.js';

interface BeginJson {
  session: { id: string; agent: string; phase: string; worktree: string };
  port: { port: number; identity: string } | null;
  files: { pattern: string; root: string }[];
}

describe('pd mcp: a whole agent workflow through tools, seen by a second agent', () => {
  let daemon: TestDaemon;
  let repo: string;
  let alice: McpSession;
  let bob: McpSession;

  beforeAll(async () => {
    ({ daemon } = await startRangeDaemon(5));
    repo = makeRepo({ 'src/auth/login.ts': 'x', 'src/billing.ts': 'y' });
    [alice, bob] = await Promise.all([
      startMcp(daemon, { agent: 'alice', cwd: repo }),
      startMcp(daemon, { agent: 'bob', cwd: repo }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([alice?.close(), bob?.close()]);
    await stopDaemon(daemon);
    if (repo) fs.rmSync(repo, { recursive: true, force: true });
  });

  it('registers each server as its agent, with its own pid', async () => {
    const { you, agents } = await alice.json<{
      you: string;
      agents: { id: string; pid: number }[];
    }>('agents', {});
    expect(you).toBe('alice');
    expect(agents.find((agent) => agent.id === 'alice')?.pid).toBe(alice.pid);
    expect(agents.find((agent) => agent.id === 'bob')?.pid).toBe(bob.pid);
  });

  it('begin, claim files, conflict for the other agent, note, publish, done', async () => {
    const briefing = await alice.json<{ sessions: unknown[] }>('briefing', {});
    expect(briefing.sessions).toEqual([]);

    const begun = await alice.json<BeginJson>('sessions', {
      action: 'begin',
      purpose: 'fix the login redirect',
      identity: 'shop:api',
      files: ['src/auth/**'],
    });
    expect(begun.session).toMatchObject({ agent: 'alice', phase: 'planning', worktree: repo });
    expect(begun.port?.identity).toBe('shop:api');
    expect(begun.files).toEqual([expect.objectContaining({ pattern: 'src/auth/**', root: repo })]);

    // Bob wants the same files: the tool error carries the daemon's code and names the holder.
    const conflict = await bob.call('files', { action: 'claim', paths: ['src/auth/login.ts'] });
    expect(conflict.isError).toBe(true);
    expect(toolText(conflict)).toMatch(/^FILES_CLAIMED: /);
    expect(toolText(conflict)).toContain('alice');
    expect(toolText(conflict)).toContain('fix the login redirect');
    const check = await bob.json<{ conflicts: string[] }>('files', {
      action: 'check',
      paths: ['src/auth/login.ts', 'src/billing.ts'],
    });
    expect(check.conflicts).toEqual(['src/auth/login.ts']);
    const bobClaim = await bob.json<{ claims: { pattern: string }[] }>('files', {
      action: 'claim',
      paths: ['src/billing.ts'],
    });
    expect(bobClaim.claims.map((claim) => claim.pattern)).toEqual(['src/billing.ts']);

    const phase = await alice.json<{ session: { phase: string } }>('sessions', {
      action: 'phase',
      phase: 'in_progress',
    });
    expect(phase.session.phase).toBe('in_progress');
    const note = await alice.json<{ agent: string; session: string }>('notes', {
      action: 'write',
      text: 'the redirect loses the query string',
      type: 'finding',
    });
    expect(note).toMatchObject({ agent: 'alice', session: begun.session.id });
    const notes = await bob.json<{ notes: { text: string }[] }>('notes', {
      action: 'read',
      agent: 'alice',
    });
    expect(notes.notes.map((n) => n.text)).toEqual(['the redirect loses the query string']);

    const published = await alice.json<{ id: number }>('channels', {
      action: 'publish',
      channel: 'shop:builds',
      message: { status: 'green' },
    });
    const read = await bob.json<{ messages: { id: number; sender: string; message: unknown }[] }>(
      'channels',
      { action: 'read', channel: 'shop:*', since: published.id - 1 },
    );
    expect(read.messages).toEqual([
      expect.objectContaining({ id: published.id, sender: 'alice', message: { status: 'green' } }),
    ]);

    await bob.json('inbox', { action: 'send', agent: 'alice', text: 'done with auth yet?' });
    const inbox = await alice.json<{
      messages: { sender: string; text: string }[];
      marked: number;
    }>('inbox', { action: 'read', markRead: true });
    expect(inbox.messages).toEqual([
      expect.objectContaining({ sender: 'bob', text: 'done with auth yet?' }),
    ]);
    expect(inbox.marked).toBe(1);
    const unread = await alice.json<{ messages: unknown[] }>('inbox', {
      action: 'read',
      unread: true,
    });
    expect(unread.messages).toEqual([]);

    const lock = await alice.json<{ owner: string; token: number }>('locks', {
      action: 'acquire',
      name: 'shop-migrations',
    });
    expect(lock.owner).toBe('alice');
    const held = await bob.call('locks', { action: 'acquire', name: 'shop-migrations' });
    expect(toolText(held)).toMatch(/^LOCK_HELD: /);

    const done = await alice.json<{
      session: { phase: string; summary: string };
      released: { files: number; locks: string[]; ports: string[] };
    }>('sessions', { action: 'done', summary: 'redirect keeps the query string' });
    expect(done.session).toMatchObject({
      phase: 'completed',
      summary: 'redirect keeps the query string',
    });
    expect(done.released).toEqual({ files: 1, locks: ['shop-migrations'], ports: ['shop:api'] });

    // Freed: Bob gets the files and the lock now.
    await bob.json('files', { action: 'claim', paths: ['src/auth/login.ts'] });
    await bob.json('locks', { action: 'acquire', name: 'shop-migrations' });
    const noSession = await alice.call('notes', { action: 'write', text: 'late' });
    expect(toolText(noSession)).toMatch(/^NO_ACTIVE_SESSION: agent alice has no open session/);
  });

  it('ports: claim, list, find, release', async () => {
    const claimed = await alice.json<{ port: number; owner: string }>('ports', {
      action: 'claim',
      identity: 'shop:web',
    });
    expect(claimed.owner).toBe('alice');
    const again = await bob.json<{ port: number; existing: boolean }>('ports', {
      action: 'claim',
      identity: 'shop:web',
    });
    expect(again).toMatchObject({ port: claimed.port, existing: true });
    const list = await bob.json<{ claims: { identity: string }[] }>('ports', {
      action: 'list',
      pattern: 'shop:*',
    });
    expect(list.claims.map((claim) => claim.identity)).toContain('shop:web');
    const found = await bob.json<{ claim: { identity: string } }>('ports', {
      action: 'find',
      port: claimed.port,
    });
    expect(found.claim.identity).toBe('shop:web');
    const released = await alice.json<{ count: number }>('ports', {
      action: 'release',
      pattern: 'shop:web',
    });
    expect(released.count).toBe(1);
  });
});
