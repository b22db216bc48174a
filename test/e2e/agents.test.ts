import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentCli,
  agentOverHttp,
  registerJson,
  registerOverHttp,
  type AgentJson,
} from '../helpers/agents.js';
import { parseJson } from '../helpers/cli.js';
import { startDaemon, stopDaemon, type TestDaemon } from '../helpers/daemon.js';
import { heldLock, lockOverHttp } from '../helpers/locks.js';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const NO_AGENT =
  'pd: no agent id: pass --agent <id>, set PORT_DADDY_AGENT, or run pd agent register / pd begin first\n';

describe('pd agent register, heartbeat, show, unregister and pd agents', () => {
  let daemon: TestDaemon;
  // A folder with no pd begin context above it, so only --agent and the env name the agent.
  let bare: string;

  beforeAll(async () => {
    daemon = await startDaemon();
    bare = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-agents-'));
    fs.mkdirSync(path.join(bare, '.git'));
  });
  afterAll(async () => {
    await stopDaemon(daemon);
    fs.rmSync(bare, { recursive: true, force: true });
  });

  it('registers with a generated id, prints the export line, and lists the agent', async () => {
    const registered = await daemon.cli(
      ['agent', 'register', '--identity', 'shop:api', '--purpose', 'fix the login form'],
      { cwd: bare, env: { PORT_DADDY_AGENT: '' } },
    );
    expect(registered.code, registered.stderr).toBe(0);
    const id = /^registered (agent-[0-9a-f]{6}) \(shop:api\)\n/.exec(registered.stdout)?.[1];
    expect(id, registered.stdout).toBeDefined();
    expect(registered.stdout).toBe(`registered ${id} (shop:api)\nexport PORT_DADDY_AGENT=${id}\n`);
    expect(registered.stderr).toBe('');

    const table = await agentCli(daemon, ['agents', '--project', 'shop']);
    const [header, row, ...rest] = table.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+NAME\s+IDENTITY\s+PURPOSE\s+PID\s+HEARTBEAT\s+STATE$/);
    expect(row).toMatch(
      new RegExp(`^${id}\\s+-\\s+shop:api\\s+fix the login form\\s+-\\s+\\d+s ago\\s+alive$`),
    );
    expect(rest).toEqual([]);

    const listed = parseJson<AgentJson[]>(await agentCli(daemon, ['agents', '--json']));
    expect(listed.find((agent) => agent.id === id)).toEqual({
      id,
      name: id,
      project: 'shop',
      identity: 'shop:api',
      purpose: 'fix the login form',
      pid: null,
      registeredAt: expect.stringMatching(ISO),
      heartbeatAt: expect.stringMatching(ISO),
      timeoutMs: 600_000,
      state: 'alive',
      staleAt: expect.stringMatching(ISO),
      deadAt: expect.stringMatching(ISO),
      endedAt: null,
      endReason: null,
      salvage: null,
    });
    const agent = listed.find((a) => a.id === id)!;
    expect(Date.parse(agent.staleAt!) - Date.parse(agent.heartbeatAt)).toBe(300_000);
    expect(Date.parse(agent.deadAt!) - Date.parse(agent.heartbeatAt)).toBe(600_000);
  });

  it('takes the id from --agent, then $PORT_DADDY_AGENT; -q prints the id only', async () => {
    const quiet = await agentCli(daemon, ['agent', 'register', '--agent', 'quiet-1', '-q']);
    expect(quiet.stdout).toBe('quiet-1\n');
    const fromEnv = await agentCli(daemon, ['agent', 'register', '-q'], {
      PORT_DADDY_AGENT: 'env-agent',
    });
    expect(fromEnv.stdout).toBe('env-agent\n');
    const again = await registerJson(daemon, ['--purpose', 'second pass', '--name', 'Env Agent'], {
      PORT_DADDY_AGENT: 'env-agent',
    });
    expect(again).toMatchObject({
      created: false,
      deadInProject: [],
      agent: { id: 'env-agent', name: 'Env Agent', purpose: 'second pass', state: 'alive' },
    });
    const updated = await agentCli(daemon, ['agent', 'register', '--agent', 'env-agent']);
    expect(updated.stdout).toBe('updated env-agent\nexport PORT_DADDY_AGENT=env-agent\n');
  });

  it('heartbeats and shows an agent, from --agent or the environment', async () => {
    await registerOverHttp(daemon, { agent: 'beater', project: 'shop', timeout: '1h' });
    const before = await agentOverHttp(daemon, 'beater');
    const beat = await agentCli(daemon, ['agent', 'heartbeat'], { PORT_DADDY_AGENT: 'beater' });
    expect(beat.stdout).toMatch(/^beater alive: dead in (59m|1h) without a heartbeat\n$/);
    const json = parseJson<AgentJson>(
      await agentCli(daemon, ['agent', 'heartbeat', '--agent', 'beater', '--json']),
    );
    expect(json).toMatchObject({ id: 'beater', state: 'alive', timeoutMs: 3_600_000 });
    expect(Date.parse(json.heartbeatAt)).toBeGreaterThan(Date.parse(before.heartbeatAt));
    const silent = await agentCli(daemon, ['agent', 'heartbeat', '--agent', 'beater', '-q']);
    expect(silent.stdout).toBe('');

    const shown = await agentCli(daemon, ['agent', 'show', 'beater']);
    expect(shown.stdout).toMatch(/^id: {9}beater\nname: {7}beater\nstate: {6}alive \(stale in/);
    expect(shown.stdout).toContain('\nproject:    shop\nidentity:   -\n');
    expect(shown.stdout).toContain('\ntimeout:    3600s\n');
    const showJson = parseJson<AgentJson>(
      await agentCli(daemon, ['agent', 'show', '--json'], { PORT_DADDY_AGENT: 'beater' }),
    );
    expect(showJson).toMatchObject({ id: 'beater', project: 'shop', state: 'alive' });
  });

  it('unregisters: the agent leaves and its lock and port are released', async () => {
    await registerOverHttp(daemon, { agent: 'leaver', identity: 'shop:worker' });
    const claimed = await daemon.cli(['claim', 'shop:worker', '--owner', 'leaver', '-q']);
    expect(claimed.code, claimed.stderr).toBe(0);
    await lockOverHttp(daemon, 'leaver-lock', { owner: 'leaver' });

    const left = await agentCli(daemon, ['agent', 'unregister', '--agent', 'leaver']);
    expect(left.stdout).toBe('unregistered leaver: released 1 port, 1 lock, 0 file claims\n');
    expect(await heldLock(daemon, 'leaver-lock')).toBeUndefined();
    const ports = await daemon.cli(['ports', '--json']);
    expect(ports.stdout).not.toContain('shop:worker');

    const shown = await agentOverHttp(daemon, 'leaver');
    expect(shown).toMatchObject({ state: 'left', endReason: 'unregistered', staleAt: null });
    expect(shown.endedAt).toMatch(ISO);
    const live = parseJson<AgentJson[]>(await agentCli(daemon, ['agents', '--json']));
    expect(live.map((agent) => agent.id)).not.toContain('leaver');
    const all = parseJson<AgentJson[]>(await agentCli(daemon, ['agents', '--all', '--json']));
    expect(all.find((agent) => agent.id === 'leaver')?.state).toBe('left');

    // Leaving twice answers the same agent and releases nothing more.
    const again = parseJson<{ agent: AgentJson; released: Record<string, unknown> }>(
      await agentCli(daemon, ['agent', 'unregister', '--agent', 'leaver', '--json']),
    );
    expect(again).toEqual({
      agent: shown,
      released: { agent: 'leaver', ports: [], locks: [], files: 0, abandonedSessions: [] },
    });
    // A left agent that registers again is back.
    const back = await registerJson(daemon, ['--agent', 'leaver']);
    expect(back.agent).toMatchObject({ state: 'alive', endedAt: null, identity: 'shop:worker' });
  });

  it('fails clearly: no agent id is a usage error, an unknown one is not found', async () => {
    for (const args of [
      ['agent', 'heartbeat'],
      ['agent', 'show'],
      ['agent', 'unregister'],
    ]) {
      const result = await daemon.cli(args, { cwd: bare, env: { PORT_DADDY_AGENT: '' } });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toBe(NO_AGENT);
    }
    for (const args of [
      ['agent', 'heartbeat', '--agent', 'nobody'],
      ['agent', 'show', 'nobody'],
      ['agent', 'unregister', '--agent', 'nobody'],
    ]) {
      const result = await daemon.cli(args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toBe('pd: no agent nobody; register it with: pd agent register\n');
    }
    const json = await daemon.cli(['agent', 'show', 'nobody', '--json']);
    expect(parseJson(json)).toMatchObject({ error: { code: 'NOT_FOUND' } });

    const badId = await daemon.cli(['agent', 'register', '--agent', 'no spaces']);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toBe(
      `pd: invalid agent id "no spaces": 1-200 characters: letters, digits, '.', '_', ':', '@', '-'\n`,
    );
    const badTimeout = await daemon.cli([
      'agent',
      'register',
      '--agent',
      'x',
      '--timeout',
      '500ms',
    ]);
    expect(badTimeout.code).toBe(2);
    expect(badTimeout.stderr).toBe('pd: invalid timeout "500ms": at least 1s\n');
    const badPid = await daemon.cli(['agent', 'register', '--agent', 'x', '--pid', 'me']);
    expect(badPid.code).toBe(2);
    expect(badPid.stderr).toContain("option '--pid <pid>' argument 'me' is invalid");

    const down = await daemon.cli(['agents'], {
      env: { PORT_DADDY_URL: 'http://127.0.0.1:9', PORT_DADDY_NO_AUTOSTART: '1' },
    });
    expect(down.code).toBe(3);
  });

  it('prints the help with examples', async () => {
    const help = await agentCli(daemon, ['agent', 'register', '--help']);
    expect(help.stdout).toContain('pd agent register --agent reviewer --pid $$ --timeout 2m');
    expect((await agentCli(daemon, ['agents', '--help'])).stdout).toContain('Examples:');
  });
});
