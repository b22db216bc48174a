import type { Hono } from 'hono';
import type { DaemonContext } from '../context.js';

export function inboxRoutes(_app: Hono, _ctx: DaemonContext): void {}
