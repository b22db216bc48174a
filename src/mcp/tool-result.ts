import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { PdError } from '../client/index.js';

/** A tool's answer: compact JSON, which models read as well as indented JSON, in fewer tokens. */
export function toolResult(value: unknown): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }] };
}

/**
 * A failure as an MCP tool error (never a protocol error: the model sees it and can retry).
 * A daemon error keeps the HTTP error's code and message, then its details.
 */
export function toolError(error: unknown): CallToolResult {
  let text: string;
  if (error instanceof PdError) {
    text = `${error.code}: ${error.message}`;
    if (Object.keys(error.details).length > 0)
      text += `\ndetails: ${JSON.stringify(error.details)}`;
  } else {
    text = error instanceof Error ? error.message : String(error);
  }
  return { content: [{ type: 'text', text }], isError: true };
}

/** A field an action needs but the model left out: the same INVALID_INPUT the daemon answers. */
export function required<T>(value: T | undefined, field: string, action: string): T {
  if (value === undefined) {
    throw new PdError('INVALID_INPUT', `${field} is required for action ${action}`, { field });
  }
  return value;
}
