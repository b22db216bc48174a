import { describe, expect, it } from 'vitest';
import { buildOpenApi } from './openapi.js';
import { routes } from './routes.js';

describe('buildOpenApi', () => {
  const doc = buildOpenApi('1.2.3') as {
    openapi: string;
    info: { version: string };
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    components: { schemas: Record<string, unknown> };
  };

  it('lists every route with its success and error answers', () => {
    expect(doc.openapi).toBe('3.0.3');
    expect(doc.info.version).toBe('1.2.3');
    for (const route of routes) {
      const operation = doc.paths[route.path]?.[route.method];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(Object.keys(operation!.responses)).toEqual(
        expect.arrayContaining(['200', '403', '500', ...route.errors.map(String)]),
      );
    }
  });

  it('resolves every $ref inside the document (named schemas live in components)', () => {
    const text = JSON.stringify(doc);
    const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1]!);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.split('/').pop()!], ref).toBeDefined();
    }
    expect(text).not.toContain('definitions');
  });
});
