import type { RouteSpec } from './routes.js';

export const channelRouteSpecs: RouteSpec[] = [];
