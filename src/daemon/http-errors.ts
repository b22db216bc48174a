import type { Context } from 'hono';
import type { z } from 'zod';
import { parseDuration, type DurationOptions } from '../api/duration.js';
import { PdError } from '../api/errors.js';
import type { Logger } from './logger.js';

function formatPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'body' : path.map(String).join('.');
}

/** Validates with a zod schema; an INVALID_INPUT error names every bad field. */
export function validate<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
  }));
  const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  throw new PdError('INVALID_INPUT', `invalid ${where}: ${summary}`, { issues });
}

/** A duration field of a request, in ms; a 400 naming the field when it is not one. */
export function durationField(
  value: string | number | undefined,
  field: string,
  options: DurationOptions & { limitText?: string } = {},
): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(value, options);
  if (ms === undefined) {
    throw new PdError(
      'INVALID_INPUT',
      `invalid ${field} "${value}": use a duration such as 500ms, 30s or 10m, at most ${options.limitText ?? '365d'}`,
      { issues: [{ path: field, message: 'not a duration' }] },
    );
  }
  return ms;
}

export function errorHandler(logger: Logger) {
  return (error: Error, c: Context) => {
    if (error instanceof PdError) {
      return c.json(error.toBody(), error.status as 400);
    }
    logger.error('unhandled error', {
      method: c.req.method,
      path: c.req.path,
      error: error.stack ?? String(error),
    });
    const internal = new PdError('INTERNAL', 'internal error; see "pd logs --daemon"', {});
    return c.json(internal.toBody(), 500);
  };
}

export function notFoundHandler(c: Context) {
  const error = new PdError('ROUTE_NOT_FOUND', `no route ${c.req.method} ${c.req.path}`, {
    method: c.req.method,
    path: c.req.path,
  });
  return c.json(error.toBody(), 404);
}
