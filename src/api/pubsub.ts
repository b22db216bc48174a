import type { RouteSpec } from './routes.js';

/** The pub/sub routes, listed in the OpenAPI document. */
export const pubsubRouteSpecs: RouteSpec[] = [];
