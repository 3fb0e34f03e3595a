import { SwitchboardError } from '../core/errors/index.ts';
import type { PresenceStatus } from '../core/policy/routing-types.ts';
import type { ApiRoute } from './api-context.ts';
import { principalOf } from './guard.ts';

/** Agents, presence and the routing queues. */
export const agentRoutes: readonly ApiRoute[] = [
  {
    method: 'get',
    path: '/agents',
    operationId: 'listAgents',
    summary: 'Agents of the live policy with groups, presence, shift, absence, skills, capacity and load',
    tag: 'agents',
    permission: 'agents:read',
    ok: {
      status: 200,
      description:
        '`{ items: [{ id, name, presence, presenceSince?, onShift, calendar, absent, groups, leads, skills, capacity, load }] }`',
    },
    handle: (_req, _res, ctx) => ({ items: ctx.routing.agents() }),
  },
  {
    method: 'put',
    path: '/agents/:id/presence',
    operationId: 'setAgentPresence',
    summary: "Set an agent's presence (agent tokens: only their own)",
    tag: 'agents',
    permission: 'tickets:write',
    body: 'PresenceInput',
    audited: true,
    ok: { status: 200, description: 'the agent as in GET /agents' },
    handle(req, res, ctx) {
      const id = String(req.params.id);
      // An agent token acts for one agent: it may set only that agent's presence.
      const p = principalOf(res);
      if (p?.role === 'agent' && p.agent !== id) {
        throw new SwitchboardError(
          'SWB_AUTH_FORBIDDEN',
          `an agent token may set only its own presence${p.agent ? ` (agent "${p.agent}")` : ''}, not "${id}"`,
        );
      }
      return ctx.routing.setPresence(id, (req.body as { status: PresenceStatus }).status);
    },
  },
  {
    method: 'get',
    path: '/queues',
    operationId: 'listQueues',
    summary: 'Per group, the waiting tickets in the order they will be offered',
    tag: 'agents',
    permission: 'agents:read',
    query: 'QueueQuery',
    ok: { status: 200, description: '`{ items: [{ group, count, byPriority, tickets }] }`' },
    handle(req, _res, ctx) {
      const limit = Math.min(Math.max(Number(req.query.limit ?? 100) || 100, 1), 1000);
      return { items: ctx.routing.queues(limit) };
    },
  },
];
