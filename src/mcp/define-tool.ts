import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AnySchema } from '@modelcontextprotocol/sdk/server/zod-compat.js';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { toolError, toolResult } from './tool-result.js';

export interface ToolSpec<Shape extends z.ZodRawShape> {
  name: string;
  /** Written for a model: what it does, when to use it, what it answers. */
  description: string;
  /** Fields taken from the HTTP API's schemas in src/api (never declared twice). */
  input: Shape;
  annotations?: ToolAnnotations;
  run(input: z.infer<z.ZodObject<Shape>>): Promise<unknown>;
}

/**
 * Registers a tool whose answer is JSON and whose failures (daemon errors included) come back
 * as tool errors: the server itself never fails a call.
 */
export function defineTool<Shape extends z.ZodRawShape>(
  server: McpServer,
  spec: ToolSpec<Shape>,
): void {
  // Strict: a misspelt field is an error the model sees, not a silently ignored option.
  const inputSchema: AnySchema = z.strictObject(spec.input);
  server.registerTool(
    spec.name,
    { description: spec.description, inputSchema, annotations: spec.annotations },
    async (input) => {
      try {
        return toolResult(await spec.run(input as z.infer<z.ZodObject<Shape>>));
      } catch (error) {
        return toolError(error);
      }
    },
  );
}
