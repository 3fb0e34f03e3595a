import { isHistorical } from '../model/ticket.ts';
import type { Policy } from '../policy/types.ts';
import type { PendingEvent } from '../tickets/events.ts';
import { finishChange } from '../tickets/lifecycle.ts';
import type { Ticket } from '../model/ticket.ts';
import { advanceSla, nextSlaInstant } from './sla-advance.ts';
import { nextAutomationInstant, runAutomations } from './sla-automations.ts';

/**
 * What the scheduler runs for one ticket when it comes due: the SLA step, then automations.
 * `changed` is false when nothing was due (the ticket is returned untouched).
 */
export async function slaTick(
  ticket: Ticket,
  policy: Policy,
  now: Date,
  lateBefore = -Infinity,
): Promise<{ ticket: Ticket; events: PendingEvent[]; changed: boolean }> {
  const nowMs = now.getTime();
  const a = advanceSla(ticket, policy, nowMs, lateBefore);
  const b = await runAutomations(a.ticket, policy, nowMs, lateBefore);
  if (b.ticket === ticket) return { ticket, events: [], changed: false };
  const done = finishChange(ticket, b.ticket, { now, actor: 'sla', type: 'sla', policyVersion: policy.version }, [
    ...a.events,
    ...b.events,
  ]);
  return { ticket: done.ticket, events: done.events, changed: true };
}

/** The next instant this ticket needs the scheduler (undefined: none). */
export function nextDue(ticket: Ticket, policy: Policy): number | undefined {
  // Deadlines that passed before an import are history, not work: nothing escalates them.
  if (isHistorical(ticket)) return undefined;
  const a = nextSlaInstant(ticket, policy);
  const b = nextAutomationInstant(ticket, policy);
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

/** How long to wait before stepping again a ticket whose step left a deadline in the past. */
export const stuckRetryMs = 60_000;

/**
 * Where to arm a ticket just stepped at `nowMs`. A step that changed the ticket may leave work
 * due at once (automations look at the change it made): step it again now. A step that changed
 * nothing while something is still due could not act on it (a state the engine does not handle):
 * stepping it again at once would loop forever, so it waits `stuckRetryMs` and `stuck` says so.
 */
export function dueAfterStep(
  ticket: Ticket,
  changed: boolean,
  policy: Policy,
  nowMs: number,
): { due: number | undefined; stuck: boolean } {
  const due = nextDue(ticket, policy);
  return !changed && due !== undefined && due <= nowMs
    ? { due: nowMs + stuckRetryMs, stuck: true }
    : { due, stuck: false };
}
