import type { RouteSpec } from './routes.js';

export const sessionRouteSpecs: RouteSpec[] = [];
