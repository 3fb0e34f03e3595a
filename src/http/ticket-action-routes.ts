import type { Response } from 'express';
import { actorOf, canSeeTicket } from '../auth/principal.ts';
import type { ApiRoute } from './api-context.ts';
import { principalOf, ticketNotFound } from './guard.ts';

const ticket = { status: 200, schema: 'Ticket', description: 'the ticket' };
const actor = (res: Response) => actorOf(principalOf(res));
const tagsOf = (body: unknown) => (body as { tags: string[] }).tags;

/** Ticket actions that are not lifecycle steps: assign, escalate, merge, tags. */
export const ticketActionRoutes: readonly ApiRoute[] = [
  {
    method: 'post',
    path: '/tickets/:id/assign',
    operationId: 'assignTicket',
    summary: 'Assign to an agent and/or move to a group',
    tag: 'tickets',
    permission: 'tickets:write',
    body: 'AssignInput',
    ticketScoped: true,
    audited: true,
    ok: ticket,
    handle: (req, res, ctx) => {
      const role = principalOf(res)?.role;
      return ctx.actions.assign(String(req.params.id), req.body, actor(res), {
        mayForce: role === undefined || role === 'admin' || role === 'supervisor',
      });
    },
  },
  {
    method: 'post',
    path: '/tickets/:id/escalate',
    operationId: 'escalateTicket',
    summary: 'Escalate: raise the priority (one level or to a given one), optionally move group',
    tag: 'tickets',
    permission: 'tickets:write',
    body: 'EscalateInput',
    ticketScoped: true,
    audited: true,
    ok: ticket,
    handle: (req, res, ctx) => ctx.actions.escalate(String(req.params.id), req.body, actor(res)),
  },
  {
    method: 'post',
    path: '/tickets/:id/merge',
    operationId: 'mergeTicket',
    summary: 'Merge into another ticket: replies appended to the target, source closed with a link',
    tag: 'tickets',
    permission: 'tickets:write',
    body: 'MergeInput',
    ticketScoped: true,
    audited: true,
    ok: { status: 200, schema: 'MergeResult', description: '`{ source, target }`' },
    async handle(req, res, ctx) {
      const { into, note } = req.body as { into: string; note?: string };
      const p = principalOf(res);
      // the guard checked the source ticket's scope; the target must be in scope too
      if (p?.role === 'agent' && !canSeeTicket(p, await ctx.tickets.get(into), ctx.policy()))
        throw ticketNotFound(into);
      return ctx.actions.merge(String(req.params.id), into, actor(res), note);
    },
  },
  {
    method: 'post',
    path: '/tickets/:id/tags',
    operationId: 'addTags',
    summary: 'Add tags',
    tag: 'tickets',
    permission: 'tickets:write',
    body: 'TagsInput',
    ticketScoped: true,
    audited: true,
    ok: ticket,
    handle: (req, res, ctx) => ctx.actions.addTags(String(req.params.id), tagsOf(req.body), actor(res)),
  },
  {
    method: 'delete',
    path: '/tickets/:id/tags',
    operationId: 'removeTags',
    summary: 'Remove tags',
    tag: 'tickets',
    permission: 'tickets:write',
    body: 'TagsInput',
    ticketScoped: true,
    audited: true,
    ok: ticket,
    handle: (req, res, ctx) => ctx.actions.removeTags(String(req.params.id), tagsOf(req.body), actor(res)),
  },
];
