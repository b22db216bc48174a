import { describe, expect, it } from 'vitest';
import { installTarget, mergeConfig } from './install-config.js';

const entry = { command: 'pd', args: ['mcp'] };
const places = { root: '/repo', home: '/home/me' };

describe('mergeConfig', () => {
  it('replaces an old codex table and its sub-tables, keeping the tables after it', () => {
    const target = installTarget('codex', entry, places);
    expect(target.file).toBe('/home/me/.codex/config.toml');
    const old = [
      'model = "o3"',
      '[mcp_servers.port-daddy]',
      'command = "/old/pd"',
      '[mcp_servers.port-daddy.env]',
      'A = "1"',
      '[mcp_servers.other]',
      'command = "x"',
      '',
    ].join('\n');
    expect(mergeConfig(target, entry, old)).toBe(
      'model = "o3"\n[mcp_servers.port-daddy]\ncommand = "pd"\nargs = ["mcp"]\n\n[mcp_servers.other]\ncommand = "x"\n',
    );
  });

  it('starts a JSON file from nothing, and refuses JSON that is not an object', () => {
    const target = installTarget('cursor', entry, places);
    expect(target.file).toBe('/repo/.cursor/mcp.json');
    expect(JSON.parse(mergeConfig(target, entry, undefined))).toEqual({
      mcpServers: { 'port-daddy': entry },
    });
    expect(JSON.parse(mergeConfig(target, entry, '  \n'))).toEqual({
      mcpServers: { 'port-daddy': entry },
    });
    expect(() => mergeConfig(target, entry, '[1]')).toThrow(/does not hold a JSON object/);
  });
});
