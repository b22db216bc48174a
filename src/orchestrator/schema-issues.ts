import type { z } from 'zod';
import { jsonPath, type ConfigIssue } from './config-error.js';
import { projectConfigSchema, serviceConfigSchema } from './config-schema.js';

const ROOT_FIELDS = Object.keys(projectConfigSchema.shape);
const SERVICE_FIELDS = Object.keys(serviceConfigSchema.shape);

/** Zod's issues as short lines a person can act on, each with its JSON path. */
export function schemaIssues(error: z.ZodError): ConfigIssue[] {
  return error.issues.flatMap((issue): ConfigIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      const fields = issue.path.length === 0 ? ROOT_FIELDS : SERVICE_FIELDS;
      return issue.keys.map((key) => ({
        path: jsonPath([...issue.path, key]),
        message: `unknown field${suggest(key, fields)} (fields: ${fields.join(', ')})`,
      }));
    }
    const path = jsonPath(issue.path);
    if (issue.code === 'invalid_key') {
      const name = String(issue.path.at(-1));
      const reason = issue.issues[0]?.message ?? 'invalid';
      return [{ path, message: `bad service name "${name}": ${reason}` }];
    }
    return [{ path, message: plain(issue) }];
  });
}

function plain(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type')
    return /received undefined$/.test(issue.message)
      ? `missing (expected a ${issue.expected})`
      : issue.message.replace(/^Invalid input: /, '').replace('received', 'got');
  if (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1)
    return 'must not be empty';
  if (issue.code === 'invalid_format' && issue.format === 'regex') return issue.message;
  return issue.message.replace(/^Invalid (?:input|option): /, '');
}

/** ` (did you mean "healthPath"?)` when a field is one or two edits from a known one. */
function suggest(key: string, fields: readonly string[]): string {
  const close = fields.find((field) => editDistance(key.toLowerCase(), field.toLowerCase()) <= 2);
  return close ? ` (did you mean "${close}"?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length]!;
}
