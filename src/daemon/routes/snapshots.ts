import type { Hono } from 'hono';
import { PdError } from '../../api/errors.js';
import {
  getSnapshotQuerySchema,
  listSnapshotsQuerySchema,
  restoreSnapshotRequestSchema,
  snapshotParamsSchema,
  type SnapshotView,
} from '../../api/snapshots.js';
import type { Snapshot } from '../../core/snapshots/index.js';
import type { DaemonContext } from '../context.js';
import { validate } from '../http-errors.js';
import { readJson } from '../read-json.js';
import { isoTime } from '../iso-time.js';

const DEFAULT_LIMIT = 50;

export function snapshotView(snapshot: Snapshot): SnapshotView {
  const { agentId, sessionId, at, ...rest } = snapshot;
  return { ...rest, at: isoTime(at), agent: agentId, session: sessionId };
}

export function snapshotRoutes(app: Hono, ctx: DaemonContext): void {
  app.get('/snapshots', (c) => {
    const query = validate(listSnapshotsQuerySchema, c.req.query(), 'query');
    const snapshots = ctx.snapshots.list({
      root: query.root,
      path: query.path,
      limit: query.limit ?? DEFAULT_LIMIT,
    });
    return c.json({ snapshots: snapshots.map(snapshotView) });
  });

  app.get('/snapshots/:id', (c) => {
    const { id } = validate(snapshotParamsSchema, c.req.param(), 'snapshot id');
    const { raw } = validate(getSnapshotQuerySchema, c.req.query(), 'query');
    const snapshot = ctx.snapshots.get(id);
    const content = ctx.snapshots.content(id);
    if (raw === '1' || raw === 'true') {
      if (content === null) {
        throw new PdError(
          'NOT_RESTORABLE',
          `snapshot ${id} kept no bytes: ${snapshot.path} was over the size cap`,
          { reason: 'not-kept', id },
        );
      }
      return c.body(new Uint8Array(content), 200, {
        'content-type': 'application/octet-stream',
        'x-snapshot-sha256': snapshot.sha256 ?? '',
      });
    }
    return c.json({ ...snapshotView(snapshot), content: content?.toString('base64') ?? null });
  });

  app.post('/snapshots/:id/restore', async (c) => {
    const { id } = validate(snapshotParamsSchema, c.req.param(), 'snapshot id');
    const input = validate(restoreSnapshotRequestSchema, await readJson(c), 'restore request');
    const { restored, previous } = ctx.snapshots.restore(id, input.agent ?? null);
    return c.json({
      restored: snapshotView(restored),
      previous: previous ? snapshotView(previous) : null,
    });
  });
}
