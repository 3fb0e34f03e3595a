// The HTTP edge: routes declared once (src/http/*-routes.ts, listed in api-routes.ts) become the
// Express router, its guard, the OpenAPI document and docs/api.md; plus the error handler,
// security headers, and the dashboard and survey pages.
export type { ApiAccess, ApiContext, ApiDeps, ApiRoute } from './api-context.ts';
export { createApiRouter } from './api-router.ts';
export { allRoutes, apiRoutes, rootRoutes } from './api-routes.ts';
export type { Method, Route, RouteSpec, SchemaName } from './route.ts';
