import type { CompiledSla, Policy, StatusKind, TimerKind } from '../policy/types.ts';
import { timerKinds } from '../policy/types.ts';
import type { PendingEvent } from '../tickets/events.ts';
import type { SlaTimer, Ticket, TicketSla } from '../model/ticket.ts';
import { cancelTimer, completeTimer, pauseTimer, reopenTimer, resumeTimer, startTimer, stopTimer } from './timers.ts';

/**
 * How a ticket's SLA clocks react to what happens to it (replies, status changes). Pure:
 * returns the new timers and the sla.* events; the operations in src/tickets call these.
 */

export function slaOf(policy: Policy, ticket: Ticket): CompiledSla | undefined {
  return policy.slas.find((s) => s.def.id === ticket.sla.policyId);
}

export function targetOf(
  policy: Policy,
  sla: CompiledSla,
  ticket: Pick<Ticket, 'priority' | 'channel' | 'customer'>,
  kind: TimerKind,
): number | undefined {
  const channel = policy.channels.get(ticket.channel);
  return channel ? sla.target(kind, ticket.priority, channel, ticket.customer.tier) : undefined;
}

const live = (t: SlaTimer | undefined): t is SlaTimer =>
  t !== undefined && (t.state === 'running' || t.state === 'paused');

type Step = { sla: TicketSla; events: PendingEvent[] };

function met(step: Step, ticket: Ticket, kind: TimerKind, done: SlaTimer, at: string): void {
  step.sla[kind] = done;
  if (done.state === 'met')
    step.events.push({ type: 'sla.met', data: { ticket, timer: kind, dueAt: done.dueAt, metAt: at } });
}

/** A public agent reply: answers first/next response and restarts the periodic-update clock. */
export function clocksOnAgentReply(ticket: Ticket, policy: Policy, nowMs: number): Step {
  const step: Step = { sla: { ...ticket.sla }, events: [] };
  const sla = slaOf(policy, ticket);
  const at = new Date(nowMs).toISOString();
  for (const kind of ['firstResponse', 'nextResponse'] as const) {
    const t = step.sla[kind];
    if (t && (t.state === 'running' || t.state === 'paused' || (t.state === 'breached' && !t.metAt)))
      met(step, ticket, kind, completeTimer(t, nowMs), at);
  }
  if (sla) {
    const t = step.sla.periodicUpdate;
    if (t && live(t)) met(step, ticket, 'periodicUpdate', completeTimer(t, nowMs), at);
    const target = targetOf(policy, sla, ticket, 'periodicUpdate');
    if (target !== undefined) step.sla.periodicUpdate = startTimer(sla, target, nowMs);
  }
  return step;
}

/** A customer message after the first response starts the next-response clock (once per wait). */
export function clocksOnCustomerReply(ticket: Ticket, policy: Policy, nowMs: number): Step {
  const step: Step = { sla: { ...ticket.sla }, events: [] };
  const sla = slaOf(policy, ticket);
  if (!sla || !ticket.firstResponseAt || live(step.sla.nextResponse)) return step;
  const target = targetOf(policy, sla, ticket, 'nextResponse');
  if (target === undefined) return step;
  const started = startTimer(sla, target, nowMs);
  step.sla.nextResponse = sla.pauseOn.has(ticket.status) ? pauseTimer(started, sla.calendar, nowMs) : started;
  return step;
}

/**
 * A status change. Statuses in `pauseOn` pause every live clock (credited on resume);
 * resolved meets resolution, stops an unanswered first or next response (`stopped`: no
 * response was due any more, so no breach; see stopTimer), cancels periodic updates and starts
 * pending confirmation; reopening resumes resolution and the stopped response clocks (see
 * reopenTimer) and cancels pending confirmation; closed meets pending confirmation and cancels
 * whatever still runs.
 */
export function clocksOnStatus(
  ticket: Ticket,
  policy: Policy,
  from: { status: string; kind: StatusKind },
  toKind: StatusKind,
  nowMs: number,
): Step {
  const step: Step = { sla: { ...ticket.sla }, events: [] };
  const sla = slaOf(policy, ticket);
  if (!sla) return step;
  const at = new Date(nowMs).toISOString();
  const wasPaused = sla.pauseOn.has(from.status) && from.kind !== 'resolved';
  const pausesNow = sla.pauseOn.has(ticket.status) && toKind !== 'resolved' && toKind !== 'closed';
  const changed: TimerKind[] = [];
  for (const kind of timerKinds) {
    const t = step.sla[kind];
    if (!t || kind === 'pendingConfirmation') continue;
    let next = t;
    if (pausesNow && !wasPaused) next = pauseTimer(t, sla.calendar, nowMs);
    else if (!pausesNow && wasPaused) next = resumeTimer(t, sla, nowMs);
    if (next !== t) changed.push(kind);
    step.sla[kind] = next;
  }
  if (changed.length > 0)
    step.events.push({ type: pausesNow ? 'sla.paused' : 'sla.resumed', data: { ticket, timers: changed } });

  if (toKind === 'resolved' && from.kind !== 'resolved') {
    const res = step.sla.resolution;
    if (live(res)) met(step, ticket, 'resolution', completeTimer(res, nowMs, sla.calendar), at);
    for (const kind of ['firstResponse', 'nextResponse'] as const) {
      const t = step.sla[kind];
      if (t) step.sla[kind] = stopTimer(t, nowMs, sla.calendar);
    }
    if (live(step.sla.periodicUpdate)) step.sla.periodicUpdate = cancelTimer(step.sla.periodicUpdate, nowMs);
    const target = targetOf(policy, sla, ticket, 'pendingConfirmation');
    if (target !== undefined) step.sla.pendingConfirmation = startTimer(sla, target, nowMs);
  }
  if (from.kind === 'resolved' && (toKind === 'open' || toKind === 'pending' || toKind === 'new')) {
    for (const kind of ['resolution', 'firstResponse', 'nextResponse'] as const) {
      const t = step.sla[kind];
      if (!t || (kind !== 'resolution' && t.state !== 'stopped')) continue;
      const reopened = reopenTimer(t, sla, nowMs, sla.def.onReopen ?? 'resume');
      step.sla[kind] = pausesNow && reopened.state === 'running' ? pauseTimer(reopened, sla.calendar, nowMs) : reopened;
    }
    if (live(step.sla.pendingConfirmation))
      step.sla.pendingConfirmation = cancelTimer(step.sla.pendingConfirmation, nowMs);
    const target = targetOf(policy, sla, ticket, 'periodicUpdate');
    if (target !== undefined) step.sla.periodicUpdate = startTimer(sla, target, nowMs);
  }
  if (toKind === 'closed') {
    const pc = step.sla.pendingConfirmation;
    if (live(pc)) met(step, ticket, 'pendingConfirmation', completeTimer(pc, nowMs), at);
    for (const kind of timerKinds) {
      const t = step.sla[kind];
      if (live(t)) step.sla[kind] = cancelTimer(t, nowMs);
    }
  }
  return step;
}
