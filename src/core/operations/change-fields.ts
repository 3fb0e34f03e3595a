import type { CompiledSla, Policy } from '../policy/types.ts';
import { SwitchboardError } from '../errors/index.ts';
import type { PendingEvent } from '../tickets/events.ts';
import { finishChange } from '../tickets/lifecycle.ts';
import type { OpContext, OpResult } from './operations.ts';
import type { Ticket } from '../model/ticket.ts';
import { listValues } from '../util/suggest.ts';
import { automationFacts } from '../sla/automation-facts.ts';
import { recomputeSla } from '../sla/recompute.ts';
import { keptAssignee } from '../routing/membership.ts';

export interface TicketPatch {
  priority?: string;
  channel?: string;
  group?: string;
}

/** The SLA that applies to the ticket as it is now: policies tried in order, first match wins. */
export async function pickSla(policy: Policy, ticket: Ticket, nowMs: number): Promise<CompiledSla | undefined> {
  const facts = automationFacts(ticket, policy, nowMs);
  for (const sla of policy.slas) {
    if (!sla.when || (await sla.when.evaluate(facts)).events.length > 0) return sla;
  }
  return undefined;
}

/**
 * Changes priority, channel or group mid-ticket. The SLA policy is picked again (its `when`
 * may depend on them) and the live clocks are recomputed keeping the business time already
 * elapsed (see recomputeSla). Also used with an empty patch after a policy swap.
 */
export async function changeFields(ticket: Ticket, patch: TicketPatch, ctx: OpContext): Promise<OpResult> {
  const { policy } = ctx;
  const check = (value: string | undefined, known: Iterable<string>, what: string) => {
    const list = [...known];
    if (value !== undefined && !list.includes(value)) {
      throw new SwitchboardError(
        'SWB_TICKET_UNKNOWN_VALUE',
        `unknown ${what} "${value}"; allowed: ${listValues(list)}`,
        { path: `/${what}`, allowed: list },
      );
    }
  };
  check(patch.priority, policy.priorities, 'priority');
  check(patch.channel, policy.channels.keys(), 'channel');
  check(patch.group, policy.groups.keys(), 'group');
  let after: Ticket = { ...ticket, ...patch };
  if (patch.group !== undefined && patch.group !== ticket.group)
    after.assignee = keptAssignee(policy, patch.group, ticket.assignee);
  const nowMs = ctx.now.getTime();
  const sla = await pickSla(policy, after, nowMs);
  if (sla) after = { ...after, sla: recomputeSla(after, policy, sla, nowMs) };
  const events: PendingEvent[] = [];
  if (after.group !== ticket.group || after.assignee !== ticket.assignee)
    events.push({
      type: 'ticket.assigned',
      data: { ticket: after, assignee: after.assignee, previous: ticket.assignee, collaborators: after.collaborators },
    });
  const done = finishChange(ticket, after, { ...ctx, type: 'update', policyVersion: policy.version }, events);
  return { ticket: done.ticket, events: done.events };
}
