import type { CompiledSla, Policy } from '../policy/types.ts';
import type { PendingEvent } from '../tickets/events.ts';
import type { Condition } from '../rules/types.ts';
import { statusKind } from '../tickets/lifecycle.ts';
import type { Ticket } from '../model/ticket.ts';
import { runActions } from './sla-actions.ts';
import type { StepResult } from './sla-advance.ts';
import { automationFacts, lastCustomerMessageMs } from '../sla/automation-facts.ts';
import { slaOf } from '../sla/ticket-clocks.ts';

const MINUTE = 60_000;
type Automation = CompiledSla['automations'][number];

/**
 * Time-based automations without polling: the instants at which a time condition can first
 * become true are read off the conditions (minutesSinceCreated ≥ 90 → createdAt + 90 min;
 * businessMinutesToBreach ≤ 15 → 15 business minutes before a due time), and the scheduler
 * evaluates the automation exactly then — to the minute. Any change to the ticket also triggers
 * one evaluation (status, tags... may have made it true since).
 */
export function automationCandidates(cond: Condition, t: Ticket, sla: CompiledSla): number[] {
  if ('all' in cond) return cond.all.flatMap((c) => automationCandidates(c, t, sla));
  if ('any' in cond) return cond.any.flatMap((c) => automationCandidates(c, t, sla));
  if ('not' in cond) return automationCandidates(cond.not, t, sla);
  const v = typeof cond.value === 'number' ? cond.value : undefined;
  if (v === undefined) return [];
  const since = (from: number) => {
    if (cond.operator === 'greaterThan') return [from + (v + 1) * MINUTE];
    if (['greaterThanInclusive', 'equal', 'lessThan', 'lessThanInclusive'].includes(cond.operator))
      return [from + v * MINUTE, from + (v + 1) * MINUTE];
    return [];
  };
  if (cond.fact === 'minutesSinceCreated') return since(Date.parse(t.createdAt));
  if (cond.fact === 'minutesSinceCustomerMessage') return since(lastCustomerMessageMs(t));
  if (cond.fact === 'businessMinutesToBreach') {
    const offset = cond.operator === 'lessThan' ? v - 1 : v;
    const out: number[] = [];
    for (const timer of Object.values(t.sla)) {
      if (typeof timer !== 'object' || timer.state !== 'running') continue;
      const due = Date.parse(timer.dueAt);
      out.push(offset >= 0 ? sla.calendar.subtract(due, offset * MINUTE) : due + -offset * MINUTE);
    }
    return out;
  }
  return [];
}

function pending(t: Ticket, a: Automation): boolean {
  return !(a.def.once !== false && t.automations?.fired[a.def.id] !== undefined);
}

/** When the scheduler must next evaluate this ticket's automations (undefined: never). */
export function nextAutomationInstant(t: Ticket, policy: Policy): number | undefined {
  const sla = slaOf(policy, t);
  if (!sla || sla.automations.length === 0 || statusKind(policy, t.status) === 'closed') return undefined;
  const checked = t.automations?.checkedAt ? Date.parse(t.automations.checkedAt) : -Infinity;
  const updated = Date.parse(t.updatedAt);
  let next = Infinity;
  for (const a of sla.automations) {
    if (!pending(t, a)) continue;
    if (updated > checked) next = Math.min(next, updated);
    for (let c of automationCandidates(a.def.when, t, sla)) {
      if (a.def.respectBusinessHours) c = sla.calendar.add(c, 0);
      if (c > checked) next = Math.min(next, c);
    }
  }
  return Number.isFinite(next) ? next : undefined;
}

/** Evaluates the ticket's pending automations at `nowMs` and runs those that match. */
export async function runAutomations(
  ticket: Ticket,
  policy: Policy,
  nowMs: number,
  lateBefore = -Infinity,
): Promise<StepResult> {
  const sla = slaOf(policy, ticket);
  const events: PendingEvent[] = [];
  if (!sla || sla.automations.length === 0 || statusKind(policy, ticket.status) === 'closed') return { ticket, events };
  if (nextAutomationInstant(ticket, policy) === undefined || (nextAutomationInstant(ticket, policy) as number) > nowMs)
    return { ticket, events };
  let t = ticket;
  const fired = { ...(t.automations?.fired ?? {}) };
  for (const a of sla.automations) {
    if (!pending(t, a)) continue;
    if (a.def.respectBusinessHours && !sla.calendar.isOpen(nowMs)) continue;
    const result = await a.rules.evaluate(automationFacts(t, policy, nowMs));
    if (result.events.length === 0) continue;
    const r = runActions(t, policy, a.def.do, nowMs);
    t = r.ticket;
    fired[a.def.id] = new Date(nowMs).toISOString();
    events.push(...r.events);
    events.push({
      type: 'ticket.escalated',
      data: { ticket: t, automation: a.def.id, actions: r.done, recipients: r.recipients, late: nowMs < lateBefore },
    });
  }
  return { ticket: { ...t, automations: { fired, checkedAt: new Date(nowMs).toISOString() } }, events };
}
