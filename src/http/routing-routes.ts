import { Router } from 'express';
import type { RoutingService } from '../runtime/routing-service.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import type { PresenceStatus } from '../core/policy/routing-types.ts';
import { principalOf } from './guard.ts';

/**
 * Agents, presence and queues: `PUT /agents/:id/presence`, `GET /agents`, `GET /queues`.
 * Bodies, queries and roles are checked by the guard (route table) before these run.
 */
export function createRoutingRoutes(deps: { routing: RoutingService }): Router {
  const router = Router();

  router.get('/agents', (_req, res) => {
    res.json({ items: deps.routing.agents() });
  });

  router.put('/agents/:id/presence', async (req, res) => {
    // An agent token acts for one agent: it may set only that agent's presence.
    const p = principalOf(res);
    if (p?.role === 'agent' && p.agent !== req.params.id) {
      throw new SwitchboardError(
        'SWB_AUTH_FORBIDDEN',
        `an agent token may set only its own presence${p.agent ? ` (agent "${p.agent}")` : ''}, not "${req.params.id}"`,
      );
    }
    const body = req.body as { status: PresenceStatus };
    res.json(await deps.routing.setPresence(req.params.id, body.status));
  });

  router.get('/queues', (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit ?? 100) || 100, 1), 1000);
    res.json({ items: deps.routing.queues(limit) });
  });

  return router;
}
