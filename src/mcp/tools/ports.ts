import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { claimRequestSchema, listClaimsQuerySchema } from '../../api/ports.js';
import { defineTool } from '../define-tool.js';
import type { McpContext } from '../mcp-context.js';
import { required } from '../tool-result.js';

const claim = claimRequestSchema.shape;

/** Stable ports per semantic identity: claim, release, list, find who holds a port. */
export function registerPortTools(server: McpServer, ctx: McpContext): void {
  defineTool(server, {
    name: 'ports',
    description:
      'Stable local ports by name. claim: the port for an identity such as myapp:api:main (the same identity always gets the same port; use it instead of guessing a free port). release: free the claims matching pattern. list: claims matching pattern (all without one). find: who holds port, per port-daddy and the OS. Claims are owned by you and freed if you die.',
    input: {
      action: z.enum(['claim', 'release', 'list', 'find']),
      identity: claim.identity.optional().describe('claim: project[:stack[:context]]'),
      port: claim.port.describe('claim: ask for this exact port; find: the port to look up'),
      ttl: claim.ttl,
      pattern: listClaimsQuerySchema.shape.pattern,
    },
    run: ({ action, identity, port, ttl, pattern }) =>
      ctx.call<unknown>((client) => {
        switch (action) {
          case 'claim':
            return client.claim({
              identity: required(identity, 'identity', action),
              port,
              ttl,
              owner: ctx.agent,
            });
          case 'release':
            return client.release(required(pattern, 'pattern', action));
          case 'list':
            return client.claims(pattern);
          case 'find':
            return client.who(required(port, 'port', action));
        }
      }),
  });
}
