import type { RouteSpec } from './routes.js';

export const fileRouteSpecs: RouteSpec[] = [];
