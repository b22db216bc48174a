import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CLI } from './cli.js';
import type { TestDaemon } from './daemon.js';

export interface McpSession {
  client: Client;
  /** The `pd mcp` process. */
  pid: number;
  /** What the server wrote on stderr so far. */
  stderr(): string;
  /** Calls a tool; a tool error is an answer here (isError), not a rejection. */
  call(name: string, args: Record<string, unknown>): Promise<CallToolResult>;
  /** Calls a tool that must succeed and parses its JSON answer. */
  json<T = Record<string, unknown>>(name: string, args: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/** Starts `pd mcp` against a test daemon and connects the SDK's own client to it over stdio. */
export async function startMcp(
  daemon: TestDaemon,
  options: { agent?: string; cwd?: string; env?: Record<string, string> } = {},
): Promise<McpSession> {
  const env: Record<string, string> = { NO_COLOR: '1' };
  for (const [key, value] of Object.entries(daemon.env)) if (value !== undefined) env[key] = value;
  if (options.agent !== undefined) env.PORT_DADDY_AGENT = options.agent;
  Object.assign(env, options.env);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp'],
    env,
    cwd: options.cwd,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'pd-test', version: '1.0.0' });
  await client.connect(transport);
  const pid = transport.pid!;
  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  return {
    client,
    pid,
    stderr: () => stderr,
    call,
    async json<T>(name: string, args: Record<string, unknown>): Promise<T> {
      const result = await call(name, args);
      const text = toolText(result);
      if (result.isError) throw new Error(`${name} failed: ${text}`);
      return JSON.parse(text) as T;
    },
    async close() {
      await client.close();
      // The transport ends the process; make sure, even if it ignored stdin closing.
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

/** The text of a tool answer (every port-daddy tool answers one text block). */
export function toolText(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === 'text' ? first.text : '';
}
