import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/cli.js';
import { startDaemon, stopDaemon, waitFor, type TestDaemon } from '../helpers/daemon.js';
import { api } from '../helpers/locks.js';
import { startMcp, toolText, type McpSession } from '../helpers/mcp.js';

const DOC = fs.readFileSync(new URL('../../docs/mcp.md', import.meta.url), 'utf8');

/** Each `### \`tool\`` section of docs/mcp.md, by tool name, in order. */
function documentedTools(): Map<string, string> {
  const sections = new Map<string, string>();
  const parts = DOC.split(/^### `([a-z_]+)`$/m);
  for (let i = 1; i < parts.length; i += 2) sections.set(parts[i]!, parts[i + 1]!);
  return sections;
}

/** The text of a resource's first content (ours are JSON text, never a blob). */
function resourceText(content: { text: string } | { blob: string } | undefined): string {
  return content !== undefined && 'text' in content ? content.text : '';
}

describe('pd mcp: the protocol surface', () => {
  let daemon: TestDaemon;
  let mcp: McpSession;

  beforeAll(async () => {
    daemon = await startDaemon();
    mcp = await startMcp(daemon, { agent: 'proto' });
  });
  afterAll(async () => {
    await mcp?.close();
    await stopDaemon(daemon);
  });

  it('initializes as port-daddy with tools, resources and the workflow as instructions', () => {
    expect(mcp.client.getServerVersion()?.name).toBe('port-daddy');
    expect(mcp.client.getServerCapabilities()).toMatchObject({ tools: {}, resources: {} });
    expect(mcp.client.getInstructions()).toMatch(/briefing first/);
  });

  it('tools/list is what docs/mcp.md lists, every input field documented, its size stated', async () => {
    const answer = await mcp.client.listTools();
    const documented = documentedTools();
    expect(answer.tools.map((tool) => tool.name)).toEqual([...documented.keys()]);
    for (const tool of answer.tools) {
      expect(tool.description!.length, tool.name).toBeGreaterThan(80);
      const fields = Object.keys(tool.inputSchema.properties ?? {});
      for (const field of fields)
        expect(documented.get(tool.name), `${tool.name}.${field}`).toContain(`\`${field}\``);
    }
    const bytes = Buffer.byteLength(JSON.stringify(answer));
    const stated = /The `tools\/list` answer is \*\*([\d,]+) bytes\*\*/.exec(DOC);
    expect(stated, 'docs/mcp.md states the tools/list size').not.toBeNull();
    const statedBytes = Number(stated![1]!.replaceAll(',', ''));
    expect(
      Math.abs(bytes - statedBytes) / bytes,
      `docs/mcp.md says ${statedBytes} bytes, tools/list is ${bytes}: update the doc`,
    ).toBeLessThan(0.02);
  });

  it('reads the briefing and the activity log as resources', async () => {
    const { resources } = await mcp.client.listResources();
    expect(resources.map((resource) => resource.uri)).toEqual([
      'portdaddy://briefing',
      'portdaddy://activity',
    ]);
    const briefing = await mcp.client.readResource({ uri: 'portdaddy://briefing' });
    const view = JSON.parse(resourceText(briefing.contents[0])) as { agents: { id: string }[] };
    expect(view.agents.map((agent) => agent.id)).toContain('proto');
    const activity = await mcp.client.readResource({ uri: 'portdaddy://activity' });
    const { events } = JSON.parse(resourceText(activity.contents[0])) as {
      events: { type: string; subject: string }[];
    };
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'agent.registered', subject: 'proto' }),
    );
  });

  it('bad input is a tool error and the server keeps serving', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['ports', {}, /Input validation error.*action/s],
      ['ports', { action: 'steal' }, /Input validation error.*action/s],
      ['ports', { action: 'claim', identity: 42 }, /Input validation error.*identity/s],
      [
        'ports',
        { action: 'claim', identity: 'a:b', colour: 'red' },
        /Input validation error.*colour/s,
      ],
      ['ports', { action: 'claim' }, /^INVALID_INPUT: identity is required for action claim/],
      ['locks', { action: 'acquire' }, /^INVALID_INPUT: name is required for action acquire/],
      ['files', { action: 'claim', paths: [] }, /Input validation error.*paths/s],
      ['briefing', { changes: 'soon' }, /^INVALID_INPUT: changes must be a duration/],
      ['no_such_tool', {}, /no_such_tool not found/],
    ];
    for (const [name, args, message] of cases) {
      const result = await mcp.call(name, args);
      expect(result.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
      expect(toolText(result)).toMatch(message);
    }
    const claimed = await mcp.json<{ port: number }>('ports', {
      action: 'claim',
      identity: 'proto:api',
    });
    expect(claimed.port).toBeGreaterThan(0);
  });

  it('a daemon error keeps its HTTP code and message', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['ports', { action: 'claim', identity: 'Bad Identity!' }, /^INVALID_IDENTITY: /],
      ['locks', { action: 'release', name: 'never-held' }, /^NOT_FOUND: /],
      ['salvage', { action: 'claim', agent: 'nobody' }, /^NOT_FOUND: /],
      ['sessions', { action: 'phase', phase: 'testing' }, /^NO_ACTIVE_SESSION: agent proto/],
      ['services', { action: 'url', identity: 'Bad Identity!' }, /^INVALID_[A-Z]+: /],
    ];
    for (const [name, args, message] of cases) {
      const result = await mcp.call(name, args);
      expect(result.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
      expect(toolText(result)).toMatch(message);
    }
    const { services } = await mcp.json<{ services: unknown[] }>('services', { action: 'list' });
    expect(services).toEqual([]);
  });

  it('with the daemon unreachable, calls fail as tool errors and the server stays up', async () => {
    const lonely = await startMcp(
      { ...daemon, env: { ...daemon.env, PORT_DADDY_URL: 'http://127.0.0.1:9' } },
      { agent: 'lonely' },
    );
    try {
      const result = await lonely.call('briefing', {});
      expect(result.isError).toBe(true);
      expect(toolText(result)).toMatch(/not reachable/);
      expect(lonely.stderr()).toMatch(/agent lonely: .*not reachable/);
      const again = await lonely.call('agents', {});
      expect(again.isError).toBe(true);
    } finally {
      await lonely.close();
    }
  });

  it('exits 0 by itself when the client closes stdin, and its agent is then dead', async () => {
    const child = spawn(process.execPath, [CLI, 'mcp'], {
      env: { ...process.env, ...daemon.env, PORT_DADDY_AGENT: 'leaver' },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    try {
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      await waitFor(() => stderr.includes('serving as agent leaver'));
      await waitFor(
        async () => (await api<{ state: string }>(daemon, 'GET', '/agents/leaver')).status === 200,
      );
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.stdin.end();
      expect(await exited).toBe(0);
      await waitFor(
        async () =>
          (await api<{ state: string }>(daemon, 'GET', '/agents/leaver')).body.state === 'dead',
      );
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses a PORT_DADDY_AGENT that is not an agent id (exit 2)', async () => {
    const result = await runCli(['mcp'], {
      env: { ...daemon.env, PORT_DADDY_AGENT: 'not an id' },
      input: '',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/PORT_DADDY_AGENT is not an agent id/);
  });
});
