import { Router } from 'express';
import { systemClock } from '../core/util/clock.ts';
import { rootRoutes } from '../http/api-routes.ts';
import { createGuard } from '../http/guard.ts';
import { mountRoutes } from '../http/mount-routes.ts';
import { createReply } from '../http/reply.ts';
import type { Switchboard } from './create-switchboard.ts';

/** The routes outside `/api` (GET /metrics, Prometheus text) behind the same guard as the API. */
export function metricsRouter(sb: Switchboard): Router {
  const router = Router();
  const policy = () => sb.policy.current();
  const guard = createGuard({ tokens: sb.security.tokens, policy, getTicket: (id) => sb.tickets.get(id) });
  const reply = createReply({ policy, clock: systemClock });
  mountRoutes(router, rootRoutes, { prometheus: sb.security.metrics.registry }, { guard, reply });
  return router;
}
