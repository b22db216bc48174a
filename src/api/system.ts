import { z } from 'zod';

export const healthSchema = z
  .object({
    ok: z.literal(true),
    service: z.literal('port-daddy'),
    version: z.string(),
    pid: z.number().int(),
  })
  .meta({ id: 'Health' });

export const statusSchema = z
  .object({
    service: z.literal('port-daddy'),
    version: z.string(),
    pid: z.number().int(),
    url: z.string(),
    dataDir: z.string(),
    nodeVersion: z.string(),
    startedAt: z.string(),
    uptimeMs: z.number().int(),
    revision: z.number().int().describe('Global store revision'),
    schemaVersion: z.number().int(),
    range: z.object({ start: z.number().int(), end: z.number().int() }),
    counts: z.object({ claims: z.number().int(), events: z.number().int() }),
  })
  .meta({ id: 'Status' });

export const openApiSchema = z
  .record(z.string(), z.unknown())
  .meta({ id: 'OpenApiDocument', description: 'This document' });

export const integritySchema = z
  .object({ ok: z.boolean(), messages: z.array(z.string()) })
  .meta({ id: 'Integrity' });

export const shutdownSchema = z
  .object({ ok: z.literal(true), pid: z.number().int() })
  .meta({ id: 'Shutdown' });

export const eventsQuerySchema = z.strictObject({
  since: z.coerce.number().int().min(0).optional().describe('Only events with a greater id'),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export const activityEventSchema = z
  .object({
    id: z.number().int(),
    revision: z.number().int(),
    at: z.string(),
    type: z.string().describe('e.g. claim.created, claim.released'),
    subject: z.string(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'ActivityEvent' });

export const eventListSchema = z
  .object({ events: z.array(activityEventSchema) })
  .meta({ id: 'EventList' });

export type Health = z.infer<typeof healthSchema>;
export type Status = z.infer<typeof statusSchema>;
export type Integrity = z.infer<typeof integritySchema>;
export type ActivityEventView = z.infer<typeof activityEventSchema>;
export type EventList = z.infer<typeof eventListSchema>;
