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
};

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'openapi-3.0',
  }) as JsonSchema;
  delete json.$schema;
  return json;
}

function parameters(route: RouteSpec): JsonSchema[] {
  const list: JsonSchema[] = [];
  for (const [where, shape] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!shape) continue;
    for (const [name, field] of Object.entries(shape.shape)) {
      const schema = schemaOf(field as z.ZodType, 'input');
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

function operation(route: RouteSpec): JsonSchema {
  const responses: JsonSchema = {
    200: {
      description: 'OK',
      content: { 'application/json': { schema: schemaOf(route.response, 'output') } },
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
  const params = parameters(route);
  if (params.length > 0) op.parameters = params;
  if (route.body)
    op.requestBody = {
      required: true,
      content: { 'application/json': { schema: schemaOf(route.body, 'input') } },
    };
  return op;
}

/** The OpenAPI 3.0 document, generated from the zod schemas in api/. */
export function buildOpenApi(version: string): JsonSchema {
  const paths: Record<string, JsonSchema> = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method]: operation(route) };
  }
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
    components: { schemas: { Error: schemaOf(errorBodySchema, 'output') } },
  };
}
