import path from 'node:path';

export const MCP_CLIENTS = ['claude', 'cursor', 'codex', 'gemini'] as const;
export type McpClientName = (typeof MCP_CLIENTS)[number];

/** The name the server is registered under in every client's config. */
export const SERVER_NAME = 'port-daddy';

/** How a client starts `pd mcp`. */
export interface ServerEntry {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

export interface InstallTarget {
  client: McpClientName;
  /** The config file this client reads. */
  file: string;
  /** What goes into it for port-daddy alone (what --print shows). */
  snippet: string;
  /** Another way to install it, when the client has a command for it. */
  command?: string;
}

export interface Places {
  /** The project's root (git worktree): project-scoped configs live there. */
  root: string;
  /** The user's home: global configs live there. */
  home: string;
  /** $CODEX_HOME, which moves Codex's config folder. */
  codexHome?: string | undefined;
}

const JSON_FILES: Record<Exclude<McpClientName, 'codex'>, string> = {
  claude: '.mcp.json',
  cursor: path.join('.cursor', 'mcp.json'),
  gemini: path.join('.gemini', 'settings.json'),
};

const tomlString = (value: string) => JSON.stringify(value);

function tomlTable(entry: ServerEntry): string {
  const lines = [
    `[mcp_servers.${SERVER_NAME}]`,
    `command = ${tomlString(entry.command)}`,
    `args = [${entry.args.map(tomlString).join(', ')}]`,
  ];
  if (entry.env && Object.keys(entry.env).length > 0) {
    const pairs = Object.entries(entry.env).map(
      ([key, value]) => `${tomlString(key)} = ${tomlString(value)}`,
    );
    lines.push(`env = { ${pairs.join(', ')} }`);
  }
  return lines.join('\n') + '\n';
}

/** Where each client reads its MCP servers, and the snippet for port-daddy (documented formats). */
export function installTarget(
  client: McpClientName,
  entry: ServerEntry,
  places: Places,
): InstallTarget {
  if (client === 'codex') {
    const folder = places.codexHome ?? path.join(places.home, '.codex');
    return {
      client,
      file: path.join(folder, 'config.toml'),
      snippet: tomlTable(entry),
      command: `codex mcp add ${SERVER_NAME} -- ${[entry.command, ...entry.args].join(' ')}`,
    };
  }
  const snippet = JSON.stringify({ mcpServers: { [SERVER_NAME]: entry } }, null, 2) + '\n';
  return {
    client,
    file: path.join(places.root, JSON_FILES[client]),
    snippet,
    ...(client === 'claude'
      ? {
          command: `claude mcp add --scope project ${SERVER_NAME} -- ${[entry.command, ...entry.args].join(' ')}`,
        }
      : {}),
  };
}

/**
 * The config file with port-daddy in it: other servers and settings are kept as they are, a
 * previous port-daddy entry is replaced. Throws on a file it cannot read as JSON (never clobbers).
 */
export function mergeConfig(
  target: InstallTarget,
  entry: ServerEntry,
  existing: string | undefined,
): string {
  if (target.client === 'codex') return mergeToml(existing ?? '', target.snippet);
  let config: Record<string, unknown> = {};
  if (existing !== undefined && existing.trim() !== '') {
    const parsed = JSON.parse(existing) as unknown;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error(`${target.file} does not hold a JSON object`);
    }
    config = parsed as Record<string, unknown>;
  }
  const servers = config.mcpServers;
  const kept =
    servers !== null && typeof servers === 'object' && !Array.isArray(servers) ? servers : {};
  config.mcpServers = { ...kept, [SERVER_NAME]: entry };
  return JSON.stringify(config, null, 2) + '\n';
}

/** Replaces the [mcp_servers.port-daddy] table (up to the next table) or appends it. */
function mergeToml(existing: string, table: string): string {
  const lines = existing.split('\n');
  const header = `[mcp_servers.${SERVER_NAME}]`;
  const start = lines.findIndex((line) => line.trim() === header);
  if (start === -1) {
    const separator = existing === '' ? '' : existing.endsWith('\n') ? '\n' : '\n\n';
    return existing + separator + table;
  }
  let end = start + 1;
  // Its sub-tables ([mcp_servers.port-daddy.env]) belong to it too.
  while (
    end < lines.length &&
    !(/^\s*\[/.test(lines[end]!) && !lines[end]!.trim().startsWith(`[mcp_servers.${SERVER_NAME}.`))
  )
    end++;
  const before = lines.slice(0, start).join('\n');
  const after = lines.slice(end).join('\n');
  return (before === '' ? '' : before + '\n') + table + (after === '' ? '' : '\n' + after);
}
