/* Renders docs/api.md from the OpenAPI document: pure, data in and Markdown out. */

type Schema = Record<string, unknown>;
type Operation = {
  operationId: string;
  summary: string;
  tags: string[];
  parameters?: Schema[];
  requestBody?: { content: { 'application/json': { schema: Schema } } };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
};
export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}
/** One row of the error table: code, HTTP status and when the daemon answers with it. */
export interface ErrorRow {
  code: string;
  status: number;
  meaning: string;
}

const SAFE_INT = Number.MAX_SAFE_INTEGER;

/** Every named schema in the document: zod inlines them as `definitions` beside each `$ref`. */
function collectNamed(node: unknown, into: Map<string, Schema>): Map<string, Schema> {
  if (Array.isArray(node)) for (const item of node) collectNamed(item, into);
  else if (node && typeof node === 'object') {
    const definitions = (node as Schema).definitions as Record<string, Schema> | undefined;
    for (const [name, schema] of Object.entries(definitions ?? {}))
      if (!into.has(name)) into.set(name, schema);
    for (const value of Object.values(node)) collectNamed(value, into);
  }
  return into;
}

const refName = (schema: Schema) =>
  typeof schema.$ref === 'string' ? schema.$ref.split('/').pop() : undefined;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => '`' + text + '`';
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

class Renderer {
  /** Named schemas a table linked to; each gets its own section at the end. */
  readonly linked = new Set<string>();
  constructor(readonly named: Map<string, Schema>) {}

  /** The schema behind a `$ref` (or a nullable `allOf: [$ref]`), with its name. */
  resolve(schema: Schema): { schema: Schema; name?: string | undefined; nullable: boolean } {
    const nullable = schema.nullable === true;
    const allOf = schema.allOf as Schema[] | undefined;
    const target = allOf?.length === 1 ? allOf[0]! : schema;
    const name = refName(target);
    if (name === undefined) return { schema, nullable };
    const found = this.named.get(name);
    if (!found) throw new Error(`unknown schema ${name}`);
    return { schema: found, name, nullable };
  }

  type(input: Schema): string {
    const { schema, name, nullable } = this.resolve(input);
    let text: string;
    if (name !== undefined) {
      this.linked.add(name);
      text = `[${name}](#${name.toLowerCase()})`;
    } else if (Array.isArray(schema.enum)) {
      text = schema.enum.map((value) => code(JSON.stringify(value))).join(' or ');
    } else if (Array.isArray(schema.anyOf)) {
      text = (schema.anyOf as Schema[]).map((option) => this.type(option)).join(' or ');
    } else if (schema.type === 'array') {
      text = `array of ${this.type(schema.items as Schema)}`;
    } else text = `${String(schema.type ?? 'any')}${this.limits(schema)}`;
    return nullable ? `${text} or null` : text;
  }

  limits(schema: Schema): string {
    const parts: string[] = [];
    const min = schema.minimum as number | undefined;
    const max = schema.maximum as number | undefined;
    const hasMin = min !== undefined && min > -SAFE_INT;
    const hasMax = max !== undefined && max < SAFE_INT;
    if (hasMin && hasMax && schema.exclusiveMinimum !== true) parts.push(`${min}-${max}`);
    else {
      if (hasMin) parts.push(`${schema.exclusiveMinimum === true ? '>' : '>='} ${min}`);
      if (hasMax) parts.push(`<= ${max}`);
    }
    const minLength = schema.minLength as number | undefined;
    const maxLength = schema.maxLength as number | undefined;
    if (minLength !== undefined && maxLength !== undefined)
      parts.push(`${minLength}-${maxLength} chars`);
    else if (maxLength !== undefined) parts.push(`at most ${maxLength} chars`);
    else if (minLength !== undefined) parts.push(`at least ${minLength} chars`);
    return parts.length > 0 ? ` (${parts.join(', ')})` : '';
  }

  /** Rows for each property; inline objects and arrays of them expand as `a.b` and `a[].b`. */
  rows(object: Schema, withRequired: boolean, prefix = ''): string[][] {
    const required = new Set((object.required as string[] | undefined) ?? []);
    const rows: string[][] = [];
    for (const [field, property] of Object.entries(
      (object.properties as Record<string, Schema>) ?? {},
    )) {
      const path = prefix + field;
      const description = cell(String(property.description ?? ''));
      const row = [code(path), cell(this.type(property))];
      rows.push(
        withRequired
          ? [...row, required.has(field) ? 'yes' : 'no', description]
          : [...row, description],
      );
      const { schema, name } = this.resolve(property);
      const items = schema.type === 'array' ? (schema.items as Schema) : undefined;
      if (name === undefined && schema.properties)
        rows.push(...this.rows(schema, withRequired, `${path}.`));
      else if (items && refName(items) === undefined && items.properties)
        rows.push(...this.rows(items, withRequired, `${path}[].`));
    }
    return rows;
  }

  fields(schema: Schema, withRequired: boolean): string {
    const { schema: object, name } = this.resolve(schema);
    const head = withRequired
      ? ['Field', 'Type', 'Required', 'Description']
      : ['Field', 'Type', 'Description'];
    const title = name === undefined ? '' : ` (${code(name)})`;
    return `${title}:\n\n${table(head, this.rows(object, withRequired))}`;
  }

  operation(method: string, path: string, op: Operation): string {
    const parts = [`### ${code(`${method.toUpperCase()} ${path}`)}`, `${op.summary}.`];
    if (op.parameters?.length) {
      const rows = op.parameters.map((parameter) => [
        code(String(parameter.name)),
        String(parameter.in),
        cell(this.type(parameter.schema as Schema)),
        parameter.required ? 'yes' : 'no',
        cell(String(parameter.description ?? '')),
      ]);
      parts.push(
        `Parameters:\n\n${table(['Name', 'In', 'Type', 'Required', 'Description'], rows)}`,
      );
    }
    const body = op.requestBody?.content['application/json'].schema;
    if (body) parts.push(`Request body, JSON${this.fields(body, true)}`);
    const ok = op.responses['200']?.content?.['application/json']?.schema;
    if (ok) parts.push(`Response \`200\`${this.fields(ok, false)}`);
    const errors = Object.entries(op.responses)
      .filter(([status]) => status !== '200')
      .map(([status, response]) => `${code(status)} ${lowerFirst(response.description)}`);
    parts.push(`Errors: ${errors.join(', ')}.`);
    return parts.join('\n\n');
  }
}

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** docs/api.md: the intro, the error codes, every route, then the schemas the routes link to. */
export function renderApiMarkdownFrom(doc: OpenApiDoc, intro: string, errors: ErrorRow[]): string {
  const named = collectNamed(doc, new Map());
  // Schemas referenced as #/components/schemas/<name> resolve by name too.
  for (const [name, schema] of Object.entries(doc.components.schemas))
    if (!named.has(name)) named.set(name, schema);
  const renderer = new Renderer(named);
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method, path, op })),
  );
  const index = table(
    ['Method', 'Path', 'Summary'],
    operations.map(({ method, path, op }) => [
      method.toUpperCase(),
      `[${code(path)}](#${`${method}-${path}`.replace(/[^a-z0-9-]/gi, '').toLowerCase()})`,
      cell(op.summary),
    ]),
  );
  const errorTable = table(
    ['Code', 'Status', 'Meaning'],
    errors.map((row) => [code(row.code), String(row.status), cell(row.meaning)]),
  );
  const sections: string[] = [intro.trim(), '## Error codes', errorTable, '## Routes', index];
  for (const tag of [...new Set(operations.map(({ op }) => op.tags[0] ?? 'other'))]) {
    sections.push(`## ${tag[0]!.toUpperCase()}${tag.slice(1)}`);
    for (const { method, path, op } of operations)
      if ((op.tags[0] ?? 'other') === tag) sections.push(renderer.operation(method, path, op));
  }
  sections.push('## Schemas', 'Objects the tables above link to.');
  const done = new Set<string>();
  // A schema's own table may link further schemas, so render until nothing new is linked.
  for (
    let next = [...renderer.linked];
    next.length > 0;
    next = [...renderer.linked].filter((n) => !done.has(n))
  ) {
    for (const name of next.sort()) {
      done.add(name);
      const schema = renderer.named.get(name)!;
      sections.push(
        `### ${name}`,
        table(['Field', 'Type', 'Description'], renderer.rows(schema, false)),
      );
    }
  }
  return sections.join('\n\n') + '\n';
}
