import type { BusinessCalendar, CompiledSla, Policy } from '../policy/types.ts';
import { timerKinds } from '../policy/types.ts';
import { alwaysOpenCalendar } from './calendar/index.ts';
import { targetOf } from './ticket-clocks.ts';
import { recomputeTimer } from './timers.ts';
import type { Ticket, TicketSla } from '../model/ticket.ts';

/**
 * Lays a ticket's live clocks out again after priority, channel, group, calendar or SLA policy
 * changed (pass the SLA that applies now). Business time already elapsed is measured on the
 * calendar the ticket ran on (`oldCalendar`, default the one named on the ticket, if the policy
 * still has it) and kept; only the remainder moves to the new target and calendar. A clock
 * the new SLA has no target for keeps running on its old target.
 */
export function recomputeSla(
  ticket: Ticket,
  policy: Policy,
  sla: CompiledSla,
  nowMs: number,
  oldCalendar?: BusinessCalendar,
): TicketSla {
  const oldCal = oldCalendar ?? policy.calendars.get(ticket.sla.calendarId) ?? sla.calendar ?? alwaysOpenCalendar;
  const next: TicketSla = { ...ticket.sla, policyId: sla.def.id, calendarId: sla.calendar.id };
  for (const kind of timerKinds) {
    const timer = next[kind];
    if (!timer) continue;
    const target = targetOf(policy, sla, ticket, kind) ?? timer.targetMs;
    next[kind] = recomputeTimer(timer, oldCal, sla, target, nowMs);
  }
  return next;
}
