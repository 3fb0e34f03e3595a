import type { Policy } from '../policy/types.ts';
import { SwitchboardError } from '../errors/index.ts';
import type { PendingEvent } from '../tickets/events.ts';
import { clocksOnAgentReply, clocksOnCustomerReply, clocksOnStatus } from '../sla/ticket-clocks.ts';
import { checkTransition, finishChange, firstStatusOfKind, statusKind } from '../tickets/lifecycle.ts';
import type { Reply, Ticket } from '../model/ticket.ts';

export interface OpContext {
  now: Date;
  actor: string;
  policy: Policy;
}

export interface OpResult {
  ticket: Ticket;
  events: PendingEvent[];
}

/** Applies a status change: lifecycle check, SLA pause/resume/met, stamps. Pure. */
export function changeStatus(ticket: Ticket, to: string, ctx: OpContext, note?: string): OpResult {
  checkTransition(ctx.policy, ticket, to);
  const { after, events } = moveStatus(ticket, to, ctx);
  const done = finishChange(
    ticket,
    after,
    { ...ctx, type: 'status', policyVersion: ctx.policy.version, ...(note ? { note } : {}) },
    events,
  );
  return { ticket: done.ticket, events: done.events };
}

/** Adds a reply. The first public agent reply is the first response; customers reopen. */
export function addReply(ticket: Ticket, reply: Reply, ctx: OpContext): OpResult {
  const kind = statusKind(ctx.policy, ticket.status);
  if (kind === 'closed')
    throw new SwitchboardError(
      'SWB_TICKET_CLOSED',
      `ticket ${ticket.id} is closed; open a new ticket to continue the conversation`,
    );
  let after: Ticket = { ...ticket, replies: [...ticket.replies, reply] };
  const events: PendingEvent[] = [];
  const nowMs = ctx.now.getTime();
  // Bot replies never count as the human first response, unless the policy says so (FAQ).
  const responds =
    !reply.internal &&
    (reply.author.type === 'agent' || (reply.author.type === 'bot' && reply.countsAsResponse === true));
  if (responds) {
    if (!after.firstResponseAt) {
      after.firstResponseAt = reply.at;
      if (reply.author.id) after.firstResponder = reply.author.id;
    }
    const clocks = clocksOnAgentReply(after, ctx.policy, nowMs);
    after = { ...after, sla: clocks.sla };
    events.push(...clocks.events);
    if (kind === 'new') after = moveStatus(after, firstStatusOfKind(ctx.policy, 'open'), ctx, events).after;
  }
  if (reply.author.type === 'customer') {
    if (kind === 'pending' || kind === 'resolved')
      after = moveStatus(after, firstStatusOfKind(ctx.policy, 'open'), ctx, events).after;
    const clocks = clocksOnCustomerReply(after, ctx.policy, nowMs);
    after = { ...after, sla: clocks.sla };
  }
  events.push({ type: 'ticket.replied', data: { ticket: after, reply } });
  const done = finishChange(
    ticket,
    after,
    { ...ctx, type: reply.internal ? 'note' : 'reply', policyVersion: ctx.policy.version },
    events,
  );
  return { ticket: done.ticket, events: done.events };
}

/** Records a satisfaction score (1–5) on a resolved or closed ticket. */
export function rateCsat(ticket: Ticket, score: number, comment: string | undefined, ctx: OpContext): OpResult {
  const kind = statusKind(ctx.policy, ticket.status);
  if (kind !== 'resolved' && kind !== 'closed') {
    throw new SwitchboardError(
      'SWB_TICKET_CSAT_NOT_RESOLVED',
      `ticket ${ticket.id} is "${ticket.status}"; satisfaction can be rated once it is resolved`,
    );
  }
  if (!Number.isInteger(score) || score < 1 || score > 5) {
    throw new SwitchboardError('SWB_API_VALIDATION', `score must be a whole number from 1 to 5, got ${score}`, {
      path: '/score',
    });
  }
  const after: Ticket = { ...ticket, csat: { score, at: ctx.now.toISOString(), ...(comment ? { comment } : {}) } };
  const done = finishChange(ticket, after, { ...ctx, type: 'csat', policyVersion: ctx.policy.version });
  return { ticket: done.ticket, events: done.events };
}

/** The status change itself plus its SLA consequences (no lifecycle check). */
export function moveStatus(
  ticket: Ticket,
  to: string,
  ctx: OpContext,
  events: PendingEvent[] = [],
): { after: Ticket; events: PendingEvent[] } {
  const at = ctx.now.toISOString();
  const fromKind = statusKind(ctx.policy, ticket.status);
  const toKind = statusKind(ctx.policy, to);
  let after: Ticket = { ...ticket, status: to };
  const clocks = clocksOnStatus(
    after,
    ctx.policy,
    { status: ticket.status, kind: fromKind },
    toKind,
    ctx.now.getTime(),
  );
  after = { ...after, sla: clocks.sla };
  events.push(...clocks.events);
  if (toKind === 'resolved') {
    after.resolvedAt = at;
    after.resolver = ctx.actor;
  }
  if (toKind === 'closed') after.closedAt = at;
  return { after, events };
}
