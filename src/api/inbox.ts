import type { RouteSpec } from './routes.js';

export const inboxRouteSpecs: RouteSpec[] = [];
