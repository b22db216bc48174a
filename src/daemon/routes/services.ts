import type { Hono } from 'hono';
import type { DaemonContext } from '../context.js';

export function serviceRoutes(_app: Hono, _ctx: DaemonContext): void {}
