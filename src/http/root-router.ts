import { Router } from 'express';
import type { Policy } from '../core/policy/types.ts';
import type { Ticket } from '../core/model/ticket.ts';
import type { Clock } from '../core/util/clock.ts';
import type { ApiAccess } from './api-context.ts';
import { rootRoutes } from './api-routes.ts';
import { createGuard } from './guard.ts';
import { failedAuthLimit } from './ip-limits.ts';
import { mountRoutes } from './mount-routes.ts';
import type { RootContext } from './prometheus-route.ts';
import { createReply } from './reply.ts';

/**
 * The routes outside `/api` (GET /metrics) with the API's own checks: the same tokens, the same
 * per-token rate limit, and the same count of failed authentications per address.
 */
export function createRootRouter(deps: {
  access: ApiAccess;
  policy: () => Policy;
  getTicket: (id: string) => Promise<Ticket>;
  clock: Clock;
  root: RootContext;
}): Router {
  const router = Router();
  const { access } = deps;
  const paths = new Set(rootRoutes.map((r) => r.path));
  // Only requests for these routes count: the dashboard's files are public.
  if (access.authFailures) {
    const limit = failedAuthLimit(access.authFailures);
    router.use((req, res, next) => (paths.has(req.path) ? limit(req, res, next) : next()));
  }
  const guard = createGuard({
    tokens: access.tokens,
    policy: deps.policy,
    getTicket: deps.getTicket,
    ...(access.rateLimitPerMinute ? { rateLimitPerMinute: access.rateLimitPerMinute } : {}),
  });
  const reply = createReply({
    policy: deps.policy,
    clock: deps.clock,
    ...(access.audit ? { audit: access.audit } : {}),
  });
  mountRoutes(router, rootRoutes, deps.root, { guard, reply });
  return router;
}
