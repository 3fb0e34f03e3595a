import { Router } from 'express';
import { systemClock } from '../core/util/clock.ts';
import type { ApiContext, ApiDeps } from './api-context.ts';
import { apiRoutes, rootRoutes } from './api-routes.ts';
import { errorHandler, notFound } from './error-handler.ts';
import { createGuard } from './guard.ts';
import { noStore } from './http-security.ts';
import { failedAuthLimit } from './ip-limits.ts';
import { jsonBody } from './json-body.ts';
import { mountRoutes } from './mount-routes.ts';
import { buildOpenApi } from './openapi.ts';
import { createReply } from './reply.ts';
import { createCallEventService } from '../runtime/call-events.ts';

export type { ApiAccess, ApiDeps } from './api-context.ts';

/**
 * The REST API as a router, so it can be mounted anywhere (`/api` when standalone), built from
 * a list of routes (by default every declared one). Requests no route matches pass the
 * admin-only fallback guard, then plugin routes, then 404.
 */
export function createApiRouter(deps: ApiDeps): Router {
  const routes = deps.routes ?? apiRoutes;
  const router = Router();
  router.use(noStore);
  router.use(jsonBody({ limit: 1024 * 1024 }));
  // Past its limit of 401 answers, an address is refused before any guard runs.
  if (deps.security.authFailures) router.use(failedAuthLimit(deps.security.authFailures));
  let openApi: Record<string, unknown> | undefined;
  const clock = deps.clock ?? systemClock;
  const ctx: ApiContext = {
    tickets: deps.tickets,
    actions: deps.actions,
    policy: deps.policy,
    policyAdmin: deps.policyAdmin,
    store: deps.store,
    startedAt: deps.startedAt,
    version: deps.version,
    loader: deps.loader,
    metrics: deps.metrics,
    tasks: deps.tasks,
    board: deps.board,
    settled: deps.settled ?? (async () => {}),
    clock,
    surveys: deps.surveys,
    calls: createCallEventService({ tickets: deps.tickets, store: deps.store, policy: deps.policy, clock }),
    routing: deps.routing,
    qa: deps.qa,
    reports: deps.reports,
    tokens: deps.security.tokens,
    audit: deps.security.audit,
    deliveryOf: deps.deliveryOf ?? (() => undefined),
    openApi: () => (openApi ??= buildOpenApi([...routes, ...rootRoutes], deps.version)),
  };
  const guard = createGuard({
    tokens: deps.security.tokens,
    policy: deps.policy,
    getTicket: (id) => deps.tickets.get(id),
    ...(deps.security.rateLimitPerMinute ? { rateLimitPerMinute: deps.security.rateLimitPerMinute } : {}),
  });
  const reply = createReply({
    audit: deps.security.audit,
    policy: deps.policy,
    clock,
    storedJson: (value) => deps.store.storedJson?.(value),
  });
  mountRoutes(
    router,
    routes.filter((r) => !r.root),
    ctx,
    { guard, reply },
  );
  router.use(guard.fallback);
  if (deps.extraRoutes) router.use(deps.extraRoutes);
  router.use(notFound);
  router.use(errorHandler(deps.logger));
  return router;
}
