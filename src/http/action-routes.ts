import { Router } from 'express';
import type { TicketActions } from '../runtime/ticket-actions.ts';
import type { Policy } from '../core/policy/types.ts';
import type { TicketService } from '../runtime/ticket-service.ts';
import { principalOf, ticketNotFound } from './guard.ts';
import { actorOf, canSeeTicket } from '../auth/principal.ts';

/**
 * Ticket actions beyond the foundation's (assign, escalate, merge, tags).
 * GET /agents lives in routing-routes.ts (with presence and load).
 * Bodies are validated and roles checked by the guard before these run.
 */
export function createActionRoutes(deps: {
  actions: TicketActions;
  tickets: TicketService;
  policy: () => Policy;
}): Router {
  const router = Router();
  const actor = (res: Parameters<typeof principalOf>[0]) => actorOf(principalOf(res));

  router.post('/tickets/:id/assign', async (req, res) => {
    res.json(await deps.actions.assign(req.params.id, req.body, actor(res)));
  });
  router.post('/tickets/:id/escalate', async (req, res) => {
    res.json(await deps.actions.escalate(req.params.id, req.body, actor(res)));
  });
  router.post('/tickets/:id/merge', async (req, res) => {
    const { into, note } = req.body as { into: string; note?: string };
    const p = principalOf(res);
    if (p?.role === 'agent' && !canSeeTicket(p, await deps.tickets.get(into), deps.policy())) {
      throw ticketNotFound(into);
    }
    res.json(await deps.actions.merge(req.params.id, into, actor(res), note));
  });
  router.post('/tickets/:id/tags', async (req, res) => {
    res.json(await deps.actions.addTags(req.params.id, (req.body as { tags: string[] }).tags, actor(res)));
  });
  router.delete('/tickets/:id/tags', async (req, res) => {
    res.json(await deps.actions.removeTags(req.params.id, (req.body as { tags: string[] }).tags, actor(res)));
  });
  return router;
}
