import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { parseDuration } from '../../api/duration.js';
import {
  listServicesQuerySchema,
  serviceParamsSchema,
  waitRequestSchema,
} from '../../api/services.js';
import { PdError } from '../../client/index.js';
import { defineTool } from '../define-tool.js';
import type { McpContext } from '../mcp-context.js';
import { required } from '../tool-result.js';

/** What `pd wait` waits by default. */
const DEFAULT_WAIT_MS = 60_000;

function waitMs(timeout: string | number | undefined): number {
  if (timeout === undefined) return DEFAULT_WAIT_MS;
  const ms = parseDuration(timeout, { allowZero: true });
  if (ms === undefined) {
    throw new PdError('INVALID_INPUT', `timeout must be a duration such as 30s or 2m`, {
      field: 'timeout',
    });
  }
  return ms;
}

/** Services run by pd up (.portdaddyrc): what runs, wait until ready, where to reach it. */
export function registerServiceTools(server: McpServer, ctx: McpContext): void {
  defineTool(server, {
    name: 'services',
    description:
      "The project's dev services started by pd up from .portdaddyrc. list: every service with its state, port, ready flag and URL. wait: block until identities (e.g. myapp:api) are ready or timeout passes; answers ready and notReady (run your tests after it). url: the service's stable URL and port.",
    input: {
      action: z.enum(['list', 'wait', 'url']),
      project: listServicesQuerySchema.shape.project,
      identity: serviceParamsSchema.shape.identity.optional().describe('url: the service identity'),
      identities: waitRequestSchema.shape.identities.optional(),
      timeout: waitRequestSchema.shape.timeout,
    },
    annotations: { readOnlyHint: true },
    run: ({ action, project, identity, identities, timeout }) =>
      ctx.call<unknown>((client) => {
        switch (action) {
          case 'list':
            return client.services.list(project);
          case 'wait':
            return client.services.wait(
              required(identities, 'identities', action),
              waitMs(timeout),
            );
          case 'url':
            return client.services.url(required(identity, 'identity', action));
        }
      }),
  });
}
