import type { Policy } from '../config/types.ts';
import { SwitchboardError } from '../errors/index.ts';
import type { PendingEvent } from '../events/types.ts';
import { completeTimer, pauseTimer, resumeTimer } from '../sla/timers.ts';
import { checkTransition, finishChange, firstStatusOfKind, statusKind } from './lifecycle.ts';
import type { Reply, SlaTimer, Ticket, TicketSla } from './types.ts';

export interface OpContext {
  now: Date;
  actor: string;
  policy: Policy;
}

export interface OpResult {
  ticket: Ticket;
  events: PendingEvent[];
}

const timerNames = ['firstResponse', 'resolution'] as const;

/** Applies a status change: lifecycle check, SLA pause/resume/met, stamps. Pure. */
export function changeStatus(ticket: Ticket, to: string, ctx: OpContext, note?: string): OpResult {
  checkTransition(ctx.policy, ticket, to);
  const { after, events } = moveStatus(ticket, to, ctx);
  const done = finishChange(ticket, after, { ...ctx, type: 'status', policyVersion: ctx.policy.version, ...(note ? { note } : {}) }, events);
  return { ticket: done.ticket, events: done.events };
}

/** Adds a reply. The first public agent reply is the first response; customers reopen. */
export function addReply(ticket: Ticket, reply: Reply, ctx: OpContext): OpResult {
  const kind = statusKind(ctx.policy, ticket.status);
  if (kind === 'closed') throw new SwitchboardError('SWB_TICKET_CLOSED', `ticket ${ticket.id} is closed; open a new ticket to continue the conversation`);
  let after: Ticket = { ...ticket, replies: [...ticket.replies, reply] };
  const events: PendingEvent[] = [];
  const nowMs = ctx.now.getTime();
  // Bot replies never count as the human first response, unless the policy says so (FAQ).
  const responds = !reply.internal && (reply.author.type === 'agent' || (reply.author.type === 'bot' && reply.countsAsResponse === true));
  if (responds) {
    if (!after.firstResponseAt) {
      after.firstResponseAt = reply.at;
      if (reply.author.id) after.firstResponder = reply.author.id;
      const fr = after.sla.firstResponse;
      if (fr && (fr.state === 'running' || fr.state === 'paused' || fr.state === 'breached')) {
        const completed = completeTimer(fr, nowMs);
        after = { ...after, sla: { ...after.sla, firstResponse: completed } };
        if (completed.state === 'met') events.push({ type: 'sla.met', data: { ticket: after, timer: 'firstResponse', dueAt: completed.dueAt, metAt: reply.at } });
      }
    }
    if (kind === 'new') after = moveStatus(after, firstStatusOfKind(ctx.policy, 'open'), ctx, events).after;
  }
  if (reply.author.type === 'customer' && (kind === 'pending' || kind === 'resolved')) {
    after = moveStatus(after, firstStatusOfKind(ctx.policy, 'open'), ctx, events).after;
  }
  events.push({ type: 'ticket.replied', data: { ticket: after, reply } });
  const done = finishChange(ticket, after, { ...ctx, type: reply.internal ? 'note' : 'reply', policyVersion: ctx.policy.version }, events);
  return { ticket: done.ticket, events: done.events };
}

/** Records a satisfaction score (1–5) on a resolved or closed ticket. */
export function rateCsat(ticket: Ticket, score: number, comment: string | undefined, ctx: OpContext): OpResult {
  const kind = statusKind(ctx.policy, ticket.status);
  if (kind !== 'resolved' && kind !== 'closed') {
    throw new SwitchboardError('SWB_TICKET_CSAT_NOT_RESOLVED', `ticket ${ticket.id} is "${ticket.status}"; satisfaction can be rated once it is resolved`);
  }
  if (!Number.isInteger(score) || score < 1 || score > 5) {
    throw new SwitchboardError('SWB_API_VALIDATION', `score must be a whole number from 1 to 5, got ${score}`, { path: '/score' });
  }
  const after: Ticket = { ...ticket, csat: { score, at: ctx.now.toISOString(), ...(comment ? { comment } : {}) } };
  const done = finishChange(ticket, after, { ...ctx, type: 'csat', policyVersion: ctx.policy.version });
  return { ticket: done.ticket, events: done.events };
}

/** The status change itself plus its SLA consequences (no lifecycle check). */
function moveStatus(ticket: Ticket, to: string, ctx: OpContext, events: PendingEvent[] = []): { after: Ticket; events: PendingEvent[] } {
  const nowMs = ctx.now.getTime();
  const at = ctx.now.toISOString();
  const toKind = statusKind(ctx.policy, to);
  let after: Ticket = { ...ticket, status: to };
  const sla = ctx.policy.slas.find((s) => s.def.id === ticket.sla.policyId);
  if (sla) {
    const wasPaused = sla.pauseOn.has(ticket.status);
    const pauses = sla.pauseOn.has(to) && toKind !== 'resolved' && toKind !== 'closed';
    const changed: string[] = [];
    const timers: TicketSla = { ...after.sla };
    for (const name of timerNames) {
      const t = timers[name];
      if (!t) continue;
      let next: SlaTimer = t;
      if (pauses && !wasPaused) next = pauseTimer(t, sla.calendar, nowMs);
      else if (!pauses && wasPaused) next = resumeTimer(t, sla, nowMs);
      if (next !== t) changed.push(name);
      timers[name] = next;
    }
    after = { ...after, sla: timers };
    if (changed.length > 0) events.push({ type: pauses ? 'sla.paused' : 'sla.resumed', data: { ticket: after, timers: changed } });
  }
  if (toKind === 'resolved') {
    after.resolvedAt = at;
    after.resolver = ctx.actor;
    const res = after.sla.resolution;
    if (res && res.state !== 'met' && res.state !== 'cancelled') {
      const completed = completeTimer(res, nowMs);
      after = { ...after, sla: { ...after.sla, resolution: completed } };
      if (completed.state === 'met') events.push({ type: 'sla.met', data: { ticket: after, timer: 'resolution', dueAt: completed.dueAt, metAt: at } });
    }
  }
  if (toKind === 'closed') after.closedAt = at;
  return { after, events };
}
