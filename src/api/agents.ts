import type { RouteSpec } from './routes.js';

export const agentRouteSpecs: RouteSpec[] = [];
