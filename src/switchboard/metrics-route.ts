import { Router } from 'express';
import { createGuard } from '../http/guard.ts';
import { routeTable } from '../http/route-table.ts';
import type { Switchboard } from './create-switchboard.ts';

/** GET /metrics (Prometheus text) behind the same guard as the API (admin, supervisor). */
export function metricsRouter(sb: Switchboard): Router {
  const router = Router();
  const spec = routeTable.find((r) => r.operationId === 'getMetrics');
  if (!spec) throw new Error('route table lacks getMetrics');
  const guard = createGuard({
    tokens: sb.security.tokens,
    policy: () => sb.policy.current(),
    getTicket: (id) => sb.tickets.get(id),
  });
  router.get('/metrics', ...guard.chain(spec), async (_req, res) => {
    const registry = sb.security.metrics.registry;
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
