import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_FILE, renderConfigJsonSchema } from './config-json-schema.js';

const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));

describe('docs/portdaddyrc.schema.json', () => {
  it('matches the zod schema', async () => {
    const file = path.join(DOCS, CONFIG_SCHEMA_FILE);
    const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '(missing)';
    expect(
      committed === (await renderConfigJsonSchema(DOCS)),
      `docs/${CONFIG_SCHEMA_FILE} is stale: run \`npm run docs\` and commit the result`,
    ).toBe(true);
  });

  it('describes every field and forbids unknown ones', async () => {
    const schema = JSON.parse(await renderConfigJsonSchema(DOCS)) as {
      definitions: Record<
        string,
        { properties: Record<string, { description?: string }>; additionalProperties: boolean }
      >;
    };
    const service = schema.definitions.ServiceConfig!;
    expect(service.additionalProperties).toBe(false);
    for (const [field, spec] of Object.entries(service.properties))
      expect(spec.description, `ServiceConfig.${field}`).toBeTruthy();
  });
});
