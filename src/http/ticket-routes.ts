import { scopeFilter } from '../auth/scope.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import type { Ticket, TicketInput } from '../core/model/ticket.ts';
import type { ReplyInput } from '../runtime/ticket-service.ts';
import type { TicketPatch } from '../core/operations/change-fields.ts';
import { checkRater, replyAuthor } from '../auth/authorship.ts';
import { actorOf } from '../auth/principal.ts';
import type { Policy } from '../core/policy/types.ts';
import type { TicketFilter } from '../store/types.ts';
import type { ApiRoute } from './api-context.ts';
import { principalOf } from './guard.ts';
import { ticketFilterOf } from './query.ts';
import { ifMatchOf } from './if-match.ts';
import { triggerRunsOf, wantsExplain } from './explain-change.ts';
import { matchScripts, renderScripts } from '../core/pipeline/scripts.ts';
import { automationFacts } from '../core/sla/automation-facts.ts';

const ticket = { status: 200, schema: 'Ticket', description: 'the ticket' };

/** Values the policy does not define answer 400 with the allowed ones (the schema knows only shapes). */
function checkFilterValues(f: TicketFilter, policy: Policy): TicketFilter {
  const unknown = (what: string, value: string, allowed: Iterable<string>) =>
    new SwitchboardError(
      'SWB_TICKET_UNKNOWN_VALUE',
      `unknown ${what} "${value}"; allowed: ${[...allowed].join(', ')}`,
      {
        path: `?${what}`,
      },
    );
  for (const s of f.status ?? []) if (!policy.statuses.has(s)) throw unknown('status', s, policy.statuses.keys());
  for (const p of f.priority ?? []) if (!policy.priorities.includes(p)) throw unknown('priority', p, policy.priorities);
  for (const g of f.group ?? []) if (!policy.groups.has(g)) throw unknown('group', g, policy.groups.keys());
  return f;
}

/** Tickets: intake, reads, and the changes of the ticket service (priority, replies, status, CSAT). */
export const ticketRoutes: readonly ApiRoute[] = [
  {
    method: 'post',
    path: '/tickets',
    operationId: 'createTicket',
    summary: 'Create a ticket (classified, prioritised, SLA, routed)',
    tag: 'tickets',
    permission: 'tickets:create',
    body: 'TicketInput',
    query: 'ExplainQuery',
    audited: true,
    ok: { status: 201, schema: 'Ticket', description: 'the new ticket' },
    async handle(req, res, ctx) {
      // the body has the TicketInput shape; the service checks it against the policy
      const { ticket, trace } = await ctx.tickets.create(req.body as TicketInput);
      res.location(`${req.baseUrl}/tickets/${ticket.id}`);
      // with ?explain=1, explainable (api-routes.ts) adds the trigger runs to this trace
      return wantsExplain(req) ? { ...ticket, trace } : ticket;
    },
  },
  {
    method: 'get',
    path: '/tickets',
    operationId: 'listTickets',
    summary: 'List tickets, newest first, cursor paginated',
    tag: 'tickets',
    permission: 'tickets:read',
    query: 'TicketListQuery',
    ok: { status: 200, schema: 'TicketPage', description: '`{ items, nextCursor? }`' },
    async handle(req, res, ctx) {
      const policy = ctx.policy();
      const wanted = checkFilterValues(ticketFilterOf(req.query as Record<string, unknown>), policy);
      const filter = scopeFilter(wanted, principalOf(res), policy);
      return filter ? await ctx.tickets.list(filter) : { items: [] };
    },
  },
  {
    method: 'get',
    path: '/tickets/:id',
    operationId: 'getTicket',
    summary: 'One ticket',
    tag: 'tickets',
    permission: 'tickets:read',
    ticketScoped: true,
    ok: ticket,
    handle: (req, _res, ctx) => ctx.tickets.get(String(req.params.id)),
  },
  {
    method: 'get',
    path: '/tickets/:id/trace',
    operationId: 'ticketTrace',
    summary:
      'Why the ticket is as it is: intake decisions, the latest routing decision, and every trigger run with what each trigger changed',
    tag: 'tickets',
    permission: 'tickets:read',
    ticketScoped: true,
    ok: {
      status: 200,
      description: '`{ decisions, routing, triggers: [{ at, policyVersion, triggers: [{ id, did }], changes }] }`',
    },
    async handle(req, _res, ctx) {
      const t = await ctx.tickets.get(String(req.params.id));
      return { decisions: t.decisions, routing: t.routing ?? null, triggers: triggerRunsOf(t.history) };
    },
  },
  {
    method: 'get',
    path: '/tickets/:id/scripts',
    operationId: 'ticketScripts',
    summary: 'The scripts that apply to the ticket now, rendered from its current assignee, deadlines and fields',
    tag: 'tickets',
    permission: 'tickets:read',
    query: 'ScriptsQuery',
    ticketScoped: true,
    ok: { status: 200, description: '`{ scripts: { <name>: { locale, text } } }`' },
    async handle(req, _res, ctx) {
      const t = await ctx.tickets.get(String(req.params.id));
      const policy = ctx.policy();
      const applies = await matchScripts(policy, automationFacts(t, policy, ctx.clock.now().getTime()));
      const locale = typeof req.query.locale === 'string' ? req.query.locale : undefined;
      return { scripts: renderScripts(policy, t, applies, locale) };
    },
  },
  {
    method: 'patch',
    path: '/tickets/:id',
    operationId: 'updateTicket',
    summary:
      'Change priority, channel, group, category, fields, subject, description, customer tier/locale or tags; `If-Match: <version>` refuses a stale edit (412)',
    tag: 'tickets',
    permission: 'tickets:write',
    body: 'TicketPatch',
    ticketScoped: true,
    audited: true,
    ok: ticket,
    handle: (req, res, ctx) =>
      ctx.tickets.update(String(req.params.id), req.body as TicketPatch, {
        actor: actorOf(principalOf(res)),
        ...ifMatchOf(req.get('if-match')),
      }),
  },
  {
    method: 'post',
    path: '/tickets/:id/replies',
    operationId: 'replyTicket',
    summary: 'Add a reply or an internal note (`internal: true`)',
    tag: 'tickets',
    permission: 'tickets:write',
    body: 'ReplyInput',
    ticketScoped: true,
    audited: true,
    ok: { ...ticket, status: 201 },
    handle(req, res, ctx) {
      // the author is who is logged in: a token may not post as someone else
      const body = req.body as Omit<ReplyInput, 'author'> & { author?: ReplyInput['author'] };
      const p = principalOf(res);
      const author = replyAuthor(p, body.author);
      return ctx.tickets.reply(String(req.params.id), { ...body, author }, p ? { actor: actorOf(p) } : {});
    },
  },
  {
    method: 'post',
    path: '/tickets/:id/status',
    operationId: 'setTicketStatus',
    summary: 'Change the status (lifecycle checked)',
    tag: 'tickets',
    permission: 'tickets:write',
    body: 'StatusInput',
    ticketScoped: true,
    audited: true,
    ok: ticket,
    handle(req, res, ctx) {
      const { status, note } = req.body as { status: string; note?: string };
      return ctx.tickets.setStatus(String(req.params.id), status, {
        actor: actorOf(principalOf(res)),
        ...(note ? { note } : {}),
      });
    },
  },
  {
    method: 'post',
    path: '/tickets/:id/csat',
    operationId: 'rateTicket',
    summary: 'Record customer satisfaction (1–5)',
    tag: 'tickets',
    permission: 'tickets:write',
    body: 'CsatInput',
    ticketScoped: true,
    audited: true,
    ok: ticket,
    async handle(req, res, ctx) {
      const { score, comment } = req.body as { score: number; comment?: string };
      const p = principalOf(res);
      const ticket = await ctx.tickets.get(String(req.params.id));
      checkRater(p, ticket.csat !== undefined && ratedBySurvey(ticket));
      return ctx.tickets.rate(String(req.params.id), score, comment, p ? { actor: actorOf(p) } : {});
    },
  },
];

/** The last rating came from the customer's survey link. */
const ratedBySurvey = (t: Ticket) => t.history.findLast((h) => h.type === 'csat')?.actor === 'customer:survey';
