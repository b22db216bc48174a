import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeRepo } from '../helpers/file-claims.js';

const ENTRY = {
  command: 'pd',
  args: ['mcp'],
  env: { PORT_DADDY_URL: 'http://127.0.0.1:4321', PORT_DADDY_HOME: '/tmp/pd-home' },
};

describe('pd mcp install: each client config, written or printed', () => {
  let repo: string;
  let home: string;
  let sub: string;
  const env = () => ({ ...ENTRY.env, HOME: home, CODEX_HOME: path.join(home, 'codex') });
  const install = (args: string[]) => runCli(['mcp', 'install', ...args], { cwd: sub, env: env() });

  beforeAll(() => {
    repo = makeRepo({ 'src/index.ts': '' });
    sub = path.join(repo, 'src');
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-mcp-home-'));
  });
  afterAll(() => {
    if (repo) fs.rmSync(repo, { recursive: true, force: true });
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  it('--print shows each client its snippet and file, and writes nothing', async () => {
    const json = JSON.stringify({ mcpServers: { 'port-daddy': ENTRY } }, null, 2);
    const expected: Record<string, string> = {
      claude: `# ${path.join(repo, '.mcp.json')}\n${json}\n# or: claude mcp add --scope project port-daddy -- pd mcp\n`,
      cursor: `# ${path.join(repo, '.cursor', 'mcp.json')}\n${json}\n`,
      gemini: `# ${path.join(repo, '.gemini', 'settings.json')}\n${json}\n`,
      codex:
        `# ${path.join(home, 'codex', 'config.toml')}\n` +
        '[mcp_servers.port-daddy]\ncommand = "pd"\nargs = ["mcp"]\n' +
        'env = { "PORT_DADDY_URL" = "http://127.0.0.1:4321", "PORT_DADDY_HOME" = "/tmp/pd-home" }\n' +
        '# or: codex mcp add port-daddy -- pd mcp\n',
    };
    for (const [client, output] of Object.entries(expected)) {
      const result = await install(['--client', client, '--print']);
      expect(result, client).toMatchObject({ code: 0, stdout: output, stderr: '' });
    }
    expect(fs.readdirSync(repo).sort()).toEqual(['.git', 'src']);
    expect(fs.existsSync(path.join(home, 'codex'))).toBe(false);
  });

  it('merges into an existing .mcp.json: other servers and settings kept, ours replaced', async () => {
    const file = path.join(repo, '.mcp.json');
    const other = { command: 'other-server', args: ['--stdio'] };
    fs.writeFileSync(
      file,
      JSON.stringify({ mcpServers: { other, 'port-daddy': { command: 'old' } }, extra: 1 }),
    );
    const result = await install(['--client', 'claude']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`updated ${file}`);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
      mcpServers: { other, 'port-daddy': ENTRY },
      extra: 1,
    });
  });

  it('creates the cursor and gemini files at the git root', async () => {
    for (const [client, relative] of [
      ['cursor', '.cursor/mcp.json'],
      ['gemini', '.gemini/settings.json'],
    ] as const) {
      const result = await install(['--client', client]);
      expect(result.code, result.stderr).toBe(0);
      const written = JSON.parse(fs.readFileSync(path.join(repo, relative), 'utf8')) as unknown;
      expect(written).toEqual({ mcpServers: { 'port-daddy': ENTRY } });
    }
  });

  it('codex: appends the table to config.toml once, keeping the rest', async () => {
    const file = path.join(home, 'codex', 'config.toml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'model = "o3"\n\n[mcp_servers.other]\ncommand = "x"\n');
    expect((await install(['--client', 'codex'])).code).toBe(0);
    expect((await install(['--client', 'codex'])).code).toBe(0);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith('model = "o3"\n\n[mcp_servers.other]\ncommand = "x"\n\n')).toBe(true);
    expect(text.match(/\[mcp_servers\.port-daddy\]/g)).toHaveLength(1);
    expect(text).toContain('[mcp_servers.port-daddy]\ncommand = "pd"\nargs = ["mcp"]\n');
  });

  it('leaves a file that is not JSON alone (exit 1); an unknown client is a usage error', async () => {
    const file = path.join(repo, '.gemini', 'settings.json');
    fs.writeFileSync(file, '{ not json');
    const broken = await install(['--client', 'gemini']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`cannot add port-daddy to ${file} (left unchanged)`);
    expect(fs.readFileSync(file, 'utf8')).toBe('{ not json');

    const unknown = await install(['--client', 'vim']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/must be one of claude, cursor, codex, gemini/);
  });
});
