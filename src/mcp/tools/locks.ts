import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import {
  acquireRequestSchema,
  lockParamsSchema,
  releaseLockRequestSchema,
} from '../../api/locks.js';
import { defineTool } from '../define-tool.js';
import type { McpContext } from '../mcp-context.js';
import { required } from '../tool-result.js';

const acquire = acquireRequestSchema.shape;

/** Named locks: one agent at a time runs migrations, deploys, a shared build. */
export function registerLockTools(server: McpServer, ctx: McpContext): void {
  defineTool(server, {
    name: 'locks',
    description:
      "Named mutual-exclusion locks for work only one agent may do at a time (db migrations, a shared build, a deploy). acquire: take name, waiting up to wait in a FIFO queue when held (409 LOCK_HELD names the holder); answers a fencing token. release: give it back (force: someone else's). list: every held lock. Your locks are released when you finish your session or die.",
    input: {
      action: z.enum(['acquire', 'release', 'list']),
      name: lockParamsSchema.shape.name.optional(),
      ttl: acquire.ttl,
      wait: acquire.wait,
      force: releaseLockRequestSchema.shape.force,
    },
    run: ({ action, name, ttl, wait, force }) =>
      ctx.call<unknown>((client) => {
        switch (action) {
          case 'acquire':
            return client.locks.acquire(required(name, 'name', action), {
              owner: ctx.agent,
              ttl,
              wait,
            });
          case 'release':
            return client.locks.release(required(name, 'name', action), {
              owner: ctx.agent,
              force,
            });
          case 'list':
            return client.locks.list();
        }
      }),
  });
}
