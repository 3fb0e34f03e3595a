import { Router } from 'express';
import type { RoutingService } from '../app/routing-service.ts';
import { SwitchboardError } from '../errors/index.ts';
import { presenceStatuses, type PresenceStatus } from '../routing/types.ts';

/** Agents, presence and queues: `PUT /agents/:id/presence`, `GET /agents`, `GET /queues`. */
export function createRoutingRoutes(deps: { routing: RoutingService }): Router {
  const router = Router();

  router.get('/agents', (_req, res) => {
    res.json({ items: deps.routing.agents() });
  });

  router.put('/agents/:id/presence', async (req, res) => {
    const body = req.body as { status?: unknown } | undefined;
    const extra = body && typeof body === 'object' ? Object.keys(body).filter((k) => k !== 'status') : [];
    if (!body || typeof body !== 'object' || !presenceStatuses.includes(body.status as PresenceStatus) || extra.length > 0) {
      throw new SwitchboardError('SWB_API_VALIDATION', extra.length > 0 ? `unknown field /${extra[0]}: remove it` : `/status must be one of ${presenceStatuses.join(', ')}`, { path: extra.length > 0 ? `/${extra[0]}` : '/status' });
    }
    res.json(await deps.routing.setPresence(req.params.id, body.status as PresenceStatus));
  });

  router.get('/queues', (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit ?? 100) || 100, 1), 1000);
    res.json({ items: deps.routing.queues(limit) });
  });

  return router;
}
