import { agentRoutes } from './agent-routes.ts';
import { callRoutes } from './call-routes.ts';
import { dashboardRoutes } from './dashboard-routes.ts';
import type { ApiRoute } from './api-context.ts';
import { explainable } from './explain-change.ts';
import { faqRoutes } from './faq-routes.ts';
import { importRoutes } from './import-routes.ts';
import { policyRoutes } from './policy-routes.ts';
import { prometheusRoute, type RootContext } from './prometheus-route.ts';
import { qaRoutes } from './qa-routes.ts';
import { reportRoutes } from './report-routes.ts';
import type { Route, RouteSpec } from './route.ts';
import { securityRoutes } from './security-routes.ts';
import { surveyRoutes } from './survey-routes.ts';
import { systemRoutes } from './system-routes.ts';
import { taskRoutes } from './task-routes.ts';
import { ticketActionRoutes } from './ticket-action-routes.ts';
import { ticketRoutes } from './ticket-routes.ts';

/** Every change of a ticket takes `?explain=1`: the answer waits for the triggers it set off and lists them. */
const changes = (routes: readonly ApiRoute[]) => routes.map((r) => (r.method === 'get' ? r : explainable(r)));

/** The routes under `/api`, by area. The router, guard, OpenAPI document and docs/api.md come from this list. */
export const apiRoutes: readonly ApiRoute[] = [
  ...systemRoutes,
  ...policyRoutes,
  ...changes(ticketRoutes),
  ...changes(ticketActionRoutes),
  ...changes(taskRoutes),
  ...callRoutes,
  ...surveyRoutes,
  ...agentRoutes,
  ...securityRoutes,
  ...reportRoutes,
  ...dashboardRoutes,
  ...importRoutes,
  ...qaRoutes,
  ...faqRoutes,
];

/** The routes served outside `/api` (`root: true`). */
export const rootRoutes: readonly Route<RootContext>[] = [prometheusRoute];

/** Every route the server answers, in one list: what the OpenAPI document, role matrix and route table show. */
export const allRoutes: readonly RouteSpec[] = [...apiRoutes, ...rootRoutes];
