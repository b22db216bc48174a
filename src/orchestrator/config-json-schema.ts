/* The JSON Schema of .portdaddyrc for editors, generated from the zod schema by `npm run docs`. */
import path from 'node:path';
import { z } from 'zod';
import { projectConfigSchema } from './config-schema.js';

export const CONFIG_SCHEMA_FILE = 'portdaddyrc.schema.json';

/** docs/portdaddyrc.schema.json's text: draft-07 (what most editors read), formatted by prettier. */
export async function renderConfigJsonSchema(docsDir: string): Promise<string> {
  const schema = z.toJSONSchema(projectConfigSchema, { target: 'draft-7', io: 'input' });
  const document = {
    ...schema,
    title: '.portdaddyrc',
    description: 'port-daddy project config: the services `pd up` runs. See docs/config.md.',
  };
  const target = path.join(docsDir, CONFIG_SCHEMA_FILE);
  // prettier is a dev tool: loaded only when docs are rendered.
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(target)) ?? {};
  return prettier.format(JSON.stringify(document), { ...options, filepath: target });
}
