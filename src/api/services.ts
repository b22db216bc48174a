import type { RouteSpec } from './routes.js';

export const serviceRouteSpecs: RouteSpec[] = [];
