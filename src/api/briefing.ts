import type { RouteSpec } from './routes.js';

export const briefingRouteSpecs: RouteSpec[] = [];
