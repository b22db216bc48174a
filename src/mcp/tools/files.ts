import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { claimFilesRequestSchema, listFilesQuerySchema } from '../../api/files.js';
import { defineTool } from '../define-tool.js';
import type { McpContext } from '../mcp-context.js';
import { required } from '../tool-result.js';

const claim = claimFilesRequestSchema.shape;
const filter = listFilesQuerySchema.shape;

/** Advisory file claims: say which files you are editing so no two agents edit the same ones. */
export function registerFileTools(server: McpServer, ctx: McpContext): void {
  defineTool(server, {
    name: 'files',
    description:
      'Advisory file claims in this worktree, so two agents never edit the same files. Claim before editing. claim: paths or globs, all or none (409 FILES_CLAIMED names each holder and its purpose: pick other work or ask it through inbox). release: paths (none: all of yours). check: for each path, free, own or held and by whom; uncovered lists what you have not claimed. list: active claims (filter by agent or session). Paths are relative to the worktree root (root overrides it).',
    input: {
      action: z.enum(['claim', 'release', 'check', 'list']),
      paths: claim.paths.optional(),
      shared: claim.shared,
      ttl: claim.ttl,
      root: claim.root
        .optional()
        .describe('Absolute worktree root; default: the one pd mcp runs in'),
      agent: filter.agent,
      session: filter.session,
    },
    run: ({ action, paths, shared, ttl, root = ctx.root, agent, session }) =>
      ctx.call<unknown>((client) => {
        switch (action) {
          case 'claim':
            return client.files.claim({
              agent: ctx.agent,
              session,
              root,
              paths: required(paths, 'paths', action),
              shared,
              ttl,
            });
          case 'release':
            return client.files.release({ agent: ctx.agent, root, paths });
          case 'check':
            return client.files.check({
              agent: ctx.agent,
              root,
              paths: required(paths, 'paths', action),
            });
          case 'list':
            return client.files.list({ root, agent, session });
        }
      }),
  });
}
