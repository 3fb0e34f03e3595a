import type { CompiledSla, Policy } from '../policy/types.ts';
import { SwitchboardError } from '../errors/index.ts';
import type { PendingEvent } from '../tickets/events.ts';
import { finishChange, ownershipMoved } from '../tickets/lifecycle.ts';
import type { OpContext, OpResult } from './operations.ts';
import type { Ticket } from '../model/ticket.ts';
import { didYouMean, listValues } from '../util/suggest.ts';
import { automationFacts } from '../sla/automation-facts.ts';
import { recomputeSla } from '../sla/recompute.ts';
import { keptAssignee } from '../routing/membership.ts';
import { checkFields } from '../tickets/check-fields.ts';
import { intakeFacts } from '../pipeline/facts.ts';

/** What an update after intake may change (PATCH /api/tickets/:id). */
export interface TicketPatch {
  priority?: string;
  channel?: string;
  group?: string;
  /** Reclassify: a category id of the live policy. */
  category?: string;
  /** Merged into the ticket's fields; `null` removes a value. */
  fields?: Record<string, unknown>;
  subject?: string;
  description?: string;
  customer?: { tier?: string; locale?: string };
  /** The whole tag list. */
  tags?: string[];
}

/** The SLA that applies to the ticket as it is now: policies tried in order, first match wins. */
export async function pickSla(policy: Policy, ticket: Ticket, nowMs: number): Promise<CompiledSla | undefined> {
  const facts = automationFacts(ticket, policy, nowMs);
  for (const sla of policy.slas) {
    if (!sla.when || (await sla.when.evaluate(facts)).events.length > 0) return sla;
  }
  return undefined;
}

/** The group the routing rules give the ticket as it is now (the fallback when none fires). */
async function routedGroup(policy: Policy, t: Ticket): Promise<string> {
  const facts = intakeFacts(policy, t, t.category, new Date(t.createdAt));
  facts.priority = t.priority;
  const r = await policy.rules.routing.evaluate(facts);
  const hit = r.events.find((e) => e.type === 'route');
  return hit ? String(hit.params.group) : policy.fallbackGroup;
}

const whatRoutingReads = ['category', 'fields', 'subject', 'description', 'customer', 'tags', 'channel', 'priority'];

/**
 * Changes a ticket after intake: priority, channel, group, category, fields (null removes one),
 * subject, description, customer tier and locale, tags. The SLA policy is picked again (its
 * `when` may read any of them) and the live clocks recomputed keeping the business time already
 * elapsed. With `routing.rerouteOnChange`, a change the routing rules read that changes their
 * answer moves the ticket to the new group (unless the patch names one). A group move keeps the
 * assignee only when they belong to the new group. Also used with an empty patch after a swap.
 */
export async function changeFields(ticket: Ticket, patch: TicketPatch, ctx: OpContext): Promise<OpResult> {
  const { policy } = ctx;
  const check = (value: string | undefined, known: Iterable<string>, what: string) => {
    const list = [...known];
    if (value !== undefined && !list.includes(value)) {
      throw new SwitchboardError(
        'SWB_TICKET_UNKNOWN_VALUE',
        `unknown ${what} "${value}"${didYouMean(value, list)}; allowed: ${listValues(list)}`,
        { path: `/${what}`, allowed: list },
      );
    }
  };
  check(patch.priority, policy.priorities, 'priority');
  check(patch.channel, policy.channels.keys(), 'channel');
  check(patch.group, policy.groups.keys(), 'group');
  check(patch.category, policy.categories.keys(), 'category');
  if (patch.fields) checkFields(policy, patch.fields);
  const channel = patch.channel ?? ticket.channel;
  let after: Ticket = { ...ticket };
  if (patch.priority !== undefined) after.priority = patch.priority;
  if (patch.channel !== undefined) after.channel = patch.channel;
  if (patch.subject !== undefined) after.subject = patch.subject;
  if (patch.description !== undefined) after.description = patch.description;
  if (patch.tags !== undefined) after.tags = [...new Set(patch.tags)];
  if (patch.customer) after.customer = { ...ticket.customer, ...patch.customer };
  if (patch.category !== undefined && patch.category !== ticket.category) {
    after.category = patch.category;
    after.decisions = { ...ticket.decisions, category: { value: patch.category, by: 'input' } };
  }
  if (patch.fields) {
    const merged: Record<string, unknown> = { ...ticket.fields };
    for (const [k, v] of Object.entries(patch.fields)) {
      const def = policy.fields.get(k);
      if (v === null && (def?.requiredOn?.includes('*') || def?.requiredOn?.includes(channel)))
        throw new SwitchboardError(
          'SWB_TICKET_FIELD',
          `fields.${k} is required on channel ${channel}; it cannot be removed`,
          {
            path: `/fields/${k}`,
          },
        );
      if (v === null) delete merged[k];
      else merged[k] = v;
    }
    after.fields = merged;
  }
  let group = patch.group;
  const notes: string[] = [];
  if (group === undefined && policy.doc.routing.rerouteOnChange && whatRoutingReads.some((k) => k in patch)) {
    const [was, now] = await Promise.all([routedGroup(policy, ticket), routedGroup(policy, after)]);
    if (now !== was && now !== ticket.group) {
      group = now;
      notes.push(`routing rules now give ${now} (they gave ${was}): moved`);
    }
  }
  if (group !== undefined && group !== ticket.group) {
    after.group = group;
    after.assignee = keptAssignee(policy, group, ticket.assignee);
    if (ticket.assignee !== null && after.assignee === null)
      notes.push(`${ticket.assignee} does not belong to ${group}: unassigned, routed within ${group}`);
  }
  const nowMs = ctx.now.getTime();
  const sla = await pickSla(policy, after, nowMs);
  if (sla) after = { ...after, sla: recomputeSla(after, policy, sla, nowMs) };
  const events: PendingEvent[] = [];
  events.push(...ownershipMoved(ticket, after));
  const done = finishChange(
    ticket,
    after,
    {
      ...ctx,
      type: 'update',
      policyVersion: policy.version,
      ...(notes.length ? { note: notes.join('; ') } : {}),
    },
    events,
  );
  return { ticket: done.ticket, events: done.events };
}
