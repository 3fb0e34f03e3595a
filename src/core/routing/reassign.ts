import type { Policy } from '../policy/types.ts';
import type { PendingEvent } from '../tickets/events.ts';
import { finishChange } from '../tickets/lifecycle.ts';
import type { Ticket } from '../model/ticket.ts';
import { placeTicket, type Placement, type Slot } from './place-ticket.ts';
import type { AgentStates } from '../policy/routing-types.ts';
import { SwitchboardError } from '../errors/index.ts';
import { belongsTo, groupPeople } from './membership.ts';

/**
 * What to do with a ticket's assignment:
 * - `{ fill: true }`: fill unassigned slots (queue drain, overflow, skills timeout);
 * - `{ vacate: agent }`: move every slot that agent holds (they went offline or absent);
 * - `{ group }`: route the primary again within that group (escalation "reassign to a group");
 * - `{ lead: true, group? }`: give the primary to the group's lead (escalation "to the lead");
 * - `{ agent, force? }`: give the primary to this agent (a supervisor's explicit choice, no
 *   filters); the agent must belong to the ticket's group unless `force`.
 */
export type ReassignRequest =
  | { fill: true }
  | { vacate: string }
  | { group: string }
  | { lead: true; group?: string }
  | { agent: string; force?: boolean };

export interface ReassignResult {
  ticket: Ticket;
  events: PendingEvent[];
  cursors: Record<string, number>;
  /** False when the assignment stays as it was (the ticket is returned unchanged, no events). */
  changed: boolean;
}

/** Pure: the ticket with its new assignment, the events to publish and the cursors to persist. */
export function reassign(
  policy: Policy,
  ticket: Ticket,
  req: ReassignRequest,
  states: AgentStates,
  ctx: { now: Date; actor: string },
): ReassignResult {
  const now = ctx.now.getTime();
  const model = policy.routing;
  const waitingSince = ticket.routing?.waitingSince ? Date.parse(ticket.routing.waitingSince) : now;
  const slots = {
    ticketId: ticket.id,
    channelKind: policy.channels.get(ticket.channel)?.kind ?? ticket.channel,
    priority: ticket.priority,
    ...(ticket.routing?.skills ? { skills: ticket.routing.skills } : {}),
    waitingSince: 'fill' in req ? waitingSince : now,
    group: ticket.group,
    assignee: ticket.assignee,
    collaborators: ticket.collaborators,
  };
  let p: Placement;
  if ('agent' in req && !req.force && !belongsTo(policy, ticket.group, req.agent)) {
    throw new SwitchboardError(
      'SWB_TICKET_NOT_MEMBER',
      `agent "${req.agent}" does not belong to group "${ticket.group}"; its members: ${groupPeople(policy, ticket.group).join(', ') || 'none'} (or pass force: true)`,
      { path: '/agent', allowed: groupPeople(policy, ticket.group) },
    );
  }
  if ('agent' in req || 'lead' in req) {
    const group = 'group' in req && req.group ? req.group : ticket.group;
    const agent = 'agent' in req ? req.agent : (model.groups.get(group)?.lead ?? null);
    const line =
      agent === null ? `${group}: no lead` : `${agent}: ${'agent' in req ? 'chosen explicitly' : `lead of ${group}`}`;
    p = {
      group,
      assignee: agent,
      assigneeBy: agent === null ? 'none' : 'agent' in req ? 'explicit' : 'lead',
      collaborators: [...ticket.collaborators],
      cursors: {},
      trace: [line],
      waiting: agent === null ? ['primary'] : [],
    };
  } else {
    const refill = (slot: Slot): boolean => {
      const holder = slot === 'primary' ? ticket.assignee : (ticket.collaborators[slot]?.assignee ?? null);
      if ('fill' in req) return holder === null;
      if ('vacate' in req) return holder === req.vacate;
      return slot === 'primary';
    };
    p = placeTicket(
      model,
      'group' in req ? { ...slots, group: req.group } : slots,
      refill,
      states,
      now,
      'vacate' in req ? req.vacate : undefined,
    );
  }
  const sameCollabs = JSON.stringify(p.collaborators) === JSON.stringify(ticket.collaborators);
  if (p.assignee === ticket.assignee && p.group === ticket.group && sameCollabs) {
    return { ticket, events: [], cursors: {}, changed: false };
  }
  const at = ctx.now.toISOString();
  const stillWaiting = p.waiting.length > 0;
  const after: Ticket = {
    ...ticket,
    group: p.group,
    assignee: p.assignee,
    collaborators: p.collaborators,
    decisions: { ...ticket.decisions, assignee: { value: p.assignee, by: p.assigneeBy } },
    routing: {
      ...(ticket.routing?.skills ? { skills: ticket.routing.skills } : {}),
      ...(stillWaiting
        ? { waitingSince: ticket.routing?.waitingSince && 'fill' in req ? ticket.routing.waitingSince : at }
        : {}),
      trace: p.trace,
      at,
    },
  };
  const extra: PendingEvent[] = [];
  if (p.assignee !== ticket.assignee || !sameCollabs) {
    extra.push({
      type: 'ticket.assigned',
      data: { ticket: after, assignee: p.assignee, previous: ticket.assignee, collaborators: p.collaborators },
    });
  }
  if (stillWaiting && !('fill' in req)) {
    extra.push({
      type: 'ticket.queued',
      data: {
        ticket: after,
        group: p.group,
        slots: p.waiting.map((s) => (s === 'primary' ? 'primary' : (p.collaborators[s]?.group ?? String(s)))),
        reason: p.trace,
      },
    });
  }
  const done = finishChange(
    ticket,
    after,
    {
      now: ctx.now,
      actor: ctx.actor,
      type: 'assign',
      policyVersion: policy.version,
      note: p.trace.slice(-3).join('; '),
    },
    extra,
  );
  return { ticket: done.ticket, events: done.events, cursors: p.cursors, changed: true };
}
