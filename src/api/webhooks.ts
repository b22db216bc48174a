import type { RouteSpec } from './routes.js';

export const webhookRouteSpecs: RouteSpec[] = [];
