// Routing-side changes to a ticket after intake: assign, escalate, tags and merge.
import type { Policy } from '../policy/types.ts';
import { SwitchboardError } from '../errors/index.ts';
import type { PendingEvent } from '../tickets/events.ts';
import { didYouMean, listValues } from '../util/suggest.ts';
import { finishChange, firstStatusOfKind, statusKind } from '../tickets/lifecycle.ts';
import { changeStatus, type OpContext, type OpResult } from './operations.ts';
import type { Ticket } from '../model/ticket.ts';
import { recomputeSla } from '../sla/recompute.ts';
import { belongsTo, groupPeople, keptAssignee } from '../routing/membership.ts';
import { slaOf } from '../sla/ticket-clocks.ts';

/** A closed ticket is final: every action on it is SWB_TICKET_CLOSED. */
export const ensureOpen = (ticket: Ticket, policy: Policy) => {
  if (statusKind(policy, ticket.status) === 'closed')
    throw new SwitchboardError('SWB_TICKET_CLOSED', `ticket ${ticket.id} is closed; a closed ticket cannot change`);
};

/** SWB_TICKET_UNKNOWN_VALUE for a value the live policy does not define, with did-you-mean and the allowed list. */
export const unknown = (what: string, value: string, allowed: Iterable<string>, path: string) => {
  const list = [...allowed];
  return new SwitchboardError(
    'SWB_TICKET_UNKNOWN_VALUE',
    `unknown ${what} "${value}"${didYouMean(value, list)}; allowed: ${listValues(list)}`,
    { path, allowed: list },
  );
};

export interface AssignInput {
  assignee?: string | null;
  group?: string;
  note?: string;
  /** Assign an agent who does not belong to the ticket's group (admins and supervisors). */
  force?: boolean;
}

/**
 * Assigns to an agent (null unassigns) and/or moves to a group. Pure. After it the assignee
 * belongs to the ticket's group (member or lead) or is nobody: a group move keeps the
 * assignee only when they belong to the new group, and an explicit assignee outside the group
 * is refused unless `force` is passed by a caller allowed to (`mayForce`).
 */
export function assignTicket(ticket: Ticket, input: AssignInput, ctx: OpContext & { mayForce?: boolean }): OpResult {
  ensureOpen(ticket, ctx.policy);
  const { policy } = ctx;
  if (input.assignee === undefined && input.group === undefined)
    throw new SwitchboardError('SWB_API_VALIDATION', 'name an assignee, a group or both', { path: '' });
  if (input.group !== undefined && !policy.groups.has(input.group))
    throw unknown('group', input.group, policy.groups.keys(), '/group');
  if (typeof input.assignee === 'string' && !policy.agents.has(input.assignee))
    throw unknown('agent', input.assignee, policy.agents.keys(), '/assignee');
  if (input.force && !ctx.mayForce)
    throw new SwitchboardError('SWB_AUTH_FORBIDDEN', '`force: true` is for admin and supervisor tokens; leave it out', {
      path: '/force',
    });
  const group = input.group ?? ticket.group;
  const notes: string[] = input.note ? [input.note] : [];
  let assignee: string | null;
  if (input.assignee === undefined) {
    assignee = keptAssignee(policy, group, ticket.assignee);
    if (ticket.assignee !== null && assignee === null)
      notes.push(`${ticket.assignee} does not belong to ${group}: unassigned, routed within ${group}`);
  } else {
    assignee = input.assignee;
    if (assignee !== null && !belongsTo(policy, group, assignee)) {
      if (!input.force) {
        const people = groupPeople(policy, group);
        throw new SwitchboardError(
          'SWB_TICKET_NOT_MEMBER',
          `agent "${assignee}" does not belong to group "${group}"; its members: ${listValues(people) || 'none'}` +
            (ctx.mayForce ? ' (or pass force: true to assign anyway)' : ''),
          { path: '/assignee', allowed: people },
        );
      }
      notes.push(`forced: ${assignee} does not belong to ${group}`);
    }
  }
  const after: Ticket = { ...ticket, group, assignee };
  const events: PendingEvent[] =
    after.assignee !== ticket.assignee || after.group !== ticket.group
      ? [
          {
            type: 'ticket.assigned',
            data: {
              ticket: after,
              assignee: after.assignee,
              previous: ticket.assignee,
              collaborators: after.collaborators,
            },
          },
        ]
      : [];
  const done = finishChange(
    ticket,
    after,
    {
      ...ctx,
      type: 'assign',
      policyVersion: policy.version,
      ...(notes.length ? { note: notes.join('; ') } : {}),
    },
    events,
  );
  return { ticket: done.ticket, events: done.events };
}

/** Raises the priority (one level more urgent, or to `priority`) and may move the group. */
export function escalateTicket(
  ticket: Ticket,
  input: { reason: string; priority?: string; group?: string },
  ctx: OpContext,
): OpResult {
  ensureOpen(ticket, ctx.policy);
  const levels = ctx.policy.priorities;
  const current = levels.indexOf(ticket.priority);
  if (input.priority !== undefined && !levels.includes(input.priority))
    throw unknown('priority', input.priority, levels, '/priority');
  const target = input.priority ?? levels[Math.max(0, current - 1)] ?? ticket.priority;
  if (input.group !== undefined && !ctx.policy.groups.has(input.group))
    throw unknown('group', input.group, ctx.policy.groups.keys(), '/group');
  if (target === ticket.priority && (input.group === undefined || input.group === ticket.group)) {
    throw new SwitchboardError(
      'SWB_TICKET_TRANSITION',
      `ticket ${ticket.id} is already ${ticket.priority}${current === 0 ? ', the most urgent level' : ''}; name a group to escalate to`,
      { path: '/priority' },
    );
  }
  let after: Ticket = {
    ...ticket,
    priority: target,
    ...(input.group !== undefined
      ? { group: input.group, assignee: keptAssignee(ctx.policy, input.group, ticket.assignee) }
      : {}),
  };
  // A new priority means new targets: live clocks keep the business time already elapsed.
  const sla = slaOf(ctx.policy, after);
  if (sla && after.priority !== ticket.priority)
    after = { ...after, sla: recomputeSla(after, ctx.policy, sla, ctx.now.getTime()) };
  const events: PendingEvent[] =
    after.group !== ticket.group || after.assignee !== ticket.assignee
      ? [
          {
            type: 'ticket.assigned',
            data: {
              ticket: after,
              assignee: after.assignee,
              previous: ticket.assignee,
              collaborators: after.collaborators,
            },
          },
        ]
      : [];
  const done = finishChange(
    ticket,
    after,
    { ...ctx, type: 'escalate', policyVersion: ctx.policy.version, note: input.reason },
    events,
  );
  return { ticket: done.ticket, events: done.events };
}

export function addTags(ticket: Ticket, tags: string[], ctx: OpContext): OpResult {
  ensureOpen(ticket, ctx.policy);
  const after: Ticket = { ...ticket, tags: [...new Set([...ticket.tags, ...tags])] };
  const done = finishChange(ticket, after, { ...ctx, type: 'tags', policyVersion: ctx.policy.version });
  return { ticket: done.ticket, events: done.events };
}

export function removeTags(ticket: Ticket, tags: string[], ctx: OpContext): OpResult {
  ensureOpen(ticket, ctx.policy);
  const drop = new Set(tags);
  const after: Ticket = { ...ticket, tags: ticket.tags.filter((t) => !drop.has(t)) };
  const done = finishChange(ticket, after, { ...ctx, type: 'tags', policyVersion: ctx.policy.version });
  return { ticket: done.ticket, events: done.events };
}

/**
 * Merges `source` into `target`: the source's replies are appended to the target (in time
 * order, each marked with where it came from), the target lists the source, and the source
 * is closed with `mergedInto`. Both must be open and different.
 */
export function mergeTickets(
  source: Ticket,
  target: Ticket,
  ctx: OpContext & { note?: string },
): { source: OpResult; target: OpResult } {
  if (source.id === target.id)
    throw new SwitchboardError('SWB_TICKET_MERGE', `cannot merge ticket ${source.id} into itself`, { path: '/into' });
  for (const t of [source, target]) {
    if (statusKind(ctx.policy, t.status) === 'closed')
      throw new SwitchboardError('SWB_TICKET_MERGE', `ticket ${t.id} is closed; only open tickets can be merged`, {
        path: t === target ? '/into' : undefined,
      });
  }
  const moved = source.replies.map((r) => ({ ...r, mergedFrom: source.id }));
  const replies = [...target.replies, ...moved].sort((a, b) => a.at.localeCompare(b.at));
  const targetAfter: Ticket = {
    ...target,
    replies,
    mergedFrom: [...(target.mergedFrom ?? []), source.id],
    tags: [...new Set([...target.tags, ...source.tags])],
  };
  const targetDone = finishChange(target, targetAfter, {
    ...ctx,
    type: 'merge',
    policyVersion: ctx.policy.version,
    note: `merged ${source.id} (${source.number}) into this ticket`,
  });
  const linked: Ticket = { ...source, mergedInto: target.id };
  const closed = changeStatus(
    linked,
    firstStatusOfKind(ctx.policy, 'closed'),
    ctx,
    ctx.note ?? `merged into ${target.id} (${target.number})`,
  );
  // changeStatus diffs against `linked`; put the mergedInto change into the same history entry.
  const entry = closed.ticket.history.at(-1);
  if (entry) entry.changes = { ...(entry.changes ?? {}), mergedInto: [undefined, target.id] };
  return { source: closed, target: { ticket: targetDone.ticket, events: targetDone.events } };
}
