import type { RouteSpec } from './routes.js';

export const snapshotRouteSpecs: RouteSpec[] = [];
