import { z } from 'zod';
import { errorBodySchema } from './common.js';
import { routes, type RouteSpec } from './routes.js';

const statusText: Record<number, string> = {
  400: 'Invalid input',
  403: 'Foreign Host or Origin',
  404: 'Not found',
  409: 'Conflict',
  413: 'Body larger than 1 MB',
  500: 'Internal error',
  503: 'The daemon is stopping',
};

type JsonSchema = Record<string, unknown>;
type Components = Record<string, JsonSchema>;

/** Points zod's local definitions at the document's components, where OpenAPI looks for them. */
function toComponentRefs<T>(json: T): T {
  return JSON.parse(
    JSON.stringify(json)
      .replaceAll('"#/definitions/', '"#/components/schemas/')
      .replaceAll('"#/$defs/', '"#/components/schemas/'),
  ) as T;
}

/** The JSON schema of a zod schema; named ones (meta id) become components and a $ref. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output', components: Components): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'openapi-3.0',
  }) as JsonSchema;
  const definitions = {
    ...(json.definitions as Components | undefined),
    ...(json.$defs as Components | undefined),
  };
  delete json.definitions;
  delete json.$defs;
  delete json.$schema;
  delete json.id;
  for (const [name, definition] of Object.entries(definitions))
    components[name] ??= toComponentRefs(definition);
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) return toComponentRefs(json);
  components[id] ??= toComponentRefs(json);
  return { $ref: `#/components/schemas/${id}` };
}

function parameters(route: RouteSpec, components: Components): JsonSchema[] {
  const list: JsonSchema[] = [];
  for (const [where, shape] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!shape) continue;
    for (const [name, field] of Object.entries(shape.shape)) {
      const schema = schemaOf(field as z.ZodType, 'input', components);
      list.push({
        name,
        in: where,
        required: where === 'path' || !(field as z.ZodType).safeParse(undefined).success,
        schema,
        description: schema.description,
      });
    }
  }
  return list;
}

function operation(route: RouteSpec, components: Components): JsonSchema {
  const responses: JsonSchema = {
    200: {
      description: 'OK',
      content: { 'application/json': { schema: schemaOf(route.response, 'output', components) } },
    },
  };
  for (const status of [...route.errors, 403, 500]) {
    responses[status] = {
      description: statusText[status] ?? 'Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  const op: JsonSchema = {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    responses,
  };
  const params = parameters(route, components);
  if (params.length > 0) op.parameters = params;
  if (route.body)
    op.requestBody = {
      required: true,
      content: { 'application/json': { schema: schemaOf(route.body, 'input', components) } },
    };
  return op;
}

/** The OpenAPI 3.0 document, generated from the zod schemas in api/. */
export function buildOpenApi(version: string): JsonSchema {
  const paths: Record<string, JsonSchema> = {};
  const components: Components = {};
  schemaOf(errorBodySchema, 'output', components);
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method]: operation(route, components) };
  }
  const schemas = Object.fromEntries(
    Object.entries(components).sort(([a], [b]) => a.localeCompare(b)),
  );
  return {
    openapi: '3.0.3',
    info: {
      title: 'port-daddy',
      version,
      description:
        'Local daemon for stable ports and coordination between AI coding agents. Loopback only.',
    },
    servers: [{ url: 'http://127.0.0.1:9876' }],
    paths,
    components: { schemas },
  };
}
