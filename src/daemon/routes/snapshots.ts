import type { Hono } from 'hono';
import type { DaemonContext } from '../context.js';

export function snapshotRoutes(_app: Hono, _ctx: DaemonContext): void {}
