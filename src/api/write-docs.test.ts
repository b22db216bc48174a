import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorStatus } from './errors.js';
import { renderApiMarkdown, renderOpenApiJson, repoRoot } from './write-docs.js';

const STALE = 'is stale: run `npm run docs` and commit the result';

function committed(name: string): string {
  const file = path.join(repoRoot(), 'docs', name);
  if (!fs.existsSync(file)) throw new Error(`docs/${name} is missing: run \`npm run docs\``);
  return fs.readFileSync(file, 'utf8');
}

describe('generated API docs', () => {
  it('docs/openapi.json matches the zod schemas', () => {
    expect(committed('openapi.json') === renderOpenApiJson(), `docs/openapi.json ${STALE}`).toBe(
      true,
    );
  });

  it('docs/api.md matches the routes and schemas', async () => {
    expect(committed('api.md') === (await renderApiMarkdown()), `docs/api.md ${STALE}`).toBe(true);
  });

  it('documents every route, its error statuses and every error code', async () => {
    const markdown = await renderApiMarkdown();
    const doc = JSON.parse(renderOpenApiJson()) as { paths: Record<string, object> };
    for (const [route, methods] of Object.entries(doc.paths))
      for (const method of Object.keys(methods))
        expect(markdown).toContain(`### \`${method.toUpperCase()} ${route}\``);
    for (const [code, status] of Object.entries(errorStatus))
      expect(markdown).toMatch(new RegExp(`\\| \`${code}\` +\\| ${status} +\\|`));
    expect(markdown).toContain('[Claim](#claim)');
    expect(markdown).toContain('### Claim');
  });
});
