import { Router } from 'express';
import type { RoutingService } from '../app/routing-service.ts';
import type { PresenceStatus } from '../routing/types.ts';
import type { BodyName } from './validate-body.ts';

/** Agents, presence and queues: `PUT /agents/:id/presence`, `GET /agents`, `GET /queues`. */
export function createRoutingRoutes(deps: { routing: RoutingService; validate: (name: BodyName, body: unknown) => void }): Router {
  const router = Router();

  router.get('/agents', (_req, res) => {
    res.json({ items: deps.routing.agents() });
  });

  router.put('/agents/:id/presence', async (req, res) => {
    deps.validate('PresenceInput', req.body);
    const body = req.body as { status: PresenceStatus };
    res.json(await deps.routing.setPresence(req.params.id, body.status));
  });

  router.get('/queues', (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit ?? 100) || 100, 1), 1000);
    res.json({ items: deps.routing.queues(limit) });
  });

  return router;
}
