import type { Policy, StatusKind } from '../policy/types.ts';
import { SwitchboardError } from '../errors/index.ts';
import type { Changes, PendingEvent } from './events.ts';
import { listValues } from '../util/suggest.ts';
import type { Ticket } from '../model/ticket.ts';

/** Allowed moves between lifecycle kinds. Moves within a kind (pending → pending-x) are allowed. */
export const allowedMoves: Readonly<Record<StatusKind, readonly StatusKind[]>> = {
  new: ['open', 'pending', 'resolved', 'closed'],
  open: ['pending', 'resolved', 'closed'],
  pending: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: [],
};

export function statusKind(policy: Policy, status: string): StatusKind {
  return policy.statuses.get(status)?.kind ?? (status as StatusKind);
}

export function firstStatusOfKind(policy: Policy, kind: StatusKind): string {
  return [...policy.statuses.values()].find((s) => s.kind === kind)?.id ?? kind;
}

/** Checks a status change; throws SWB_TICKET_TRANSITION with the moves that are allowed. */
export function checkTransition(policy: Policy, ticket: Ticket, to: string): void {
  if (!policy.statuses.has(to)) {
    throw new SwitchboardError(
      'SWB_TICKET_UNKNOWN_VALUE',
      `unknown status "${to}"; allowed: ${listValues(policy.statuses.keys())}`,
      { path: '/status', allowed: [...policy.statuses.keys()] },
    );
  }
  const from = statusKind(policy, ticket.status);
  const target = statusKind(policy, to);
  if (from === 'closed')
    throw new SwitchboardError('SWB_TICKET_CLOSED', `ticket ${ticket.id} is closed; a closed ticket cannot change`);
  if (ticket.status === to)
    throw new SwitchboardError('SWB_TICKET_TRANSITION', `ticket ${ticket.id} is already "${to}"`);
  if (from === target) return;
  if (!allowedMoves[from].includes(target)) {
    const allowed = [...policy.statuses.values()]
      .filter((s) => allowedMoves[from].includes(s.kind) || (s.kind === from && s.id !== ticket.status))
      .map((s) => s.id);
    throw new SwitchboardError(
      'SWB_TICKET_TRANSITION',
      `cannot move ticket ${ticket.id} from "${ticket.status}" to "${to}"; from "${ticket.status}" it may go to ${listValues(allowed) || 'nothing'}`,
      { from: ticket.status, to, allowed },
    );
  }
}

/** Field-level diff of the top-level fields that changed (history and ticket.updated). */
export function diffTickets(before: Ticket, after: Ticket): Changes {
  const changes: Changes = {};
  for (const key of Object.keys(after) as (keyof Ticket)[]) {
    if (key === 'history' || key === 'version' || key === 'updatedAt' || key === 'replies') continue;
    const a = before[key];
    const b = after[key];
    // operations copy only what they change, so an untouched field is the same reference
    if (a !== b && JSON.stringify(a) !== JSON.stringify(b)) changes[key] = [a, b];
  }
  return changes;
}

/** `ticket.assigned` for a change that moved the ticket's group or assignee; none otherwise. */
export function ownershipMoved(before: Ticket, after: Ticket): PendingEvent[] {
  if (after.group === before.group && after.assignee === before.assignee) return [];
  return [
    {
      type: 'ticket.assigned',
      data: { ticket: after, assignee: after.assignee, previous: before.assignee, collaborators: after.collaborators },
    },
  ];
}

/** Stamps version, time, history and the ticket.updated event on a changed ticket. */
export function finishChange(
  before: Ticket,
  after: Ticket,
  ctx: { now: Date; actor: string; type: string; policyVersion: string; note?: string },
  extra: PendingEvent[] = [],
): { ticket: Ticket; events: PendingEvent[]; changes: Changes } {
  const changes = diffTickets(before, after);
  const at = ctx.now.toISOString();
  const ticket: Ticket = {
    ...after,
    version: before.version + 1,
    updatedAt: at,
    history: [
      ...before.history,
      {
        at,
        actor: ctx.actor,
        type: ctx.type,
        changes,
        policyVersion: ctx.policyVersion,
        ...(ctx.note ? { note: ctx.note } : {}),
      },
    ],
  };
  const events: PendingEvent[] = [
    ...extra.map((e) => withTicket(e, ticket)),
    { type: 'ticket.updated', data: { ticket, changes } },
  ];
  return { ticket, events, changes };
}

/** Events built before the final ticket existed get the final ticket. */
function withTicket(e: PendingEvent, ticket: Ticket): PendingEvent {
  return { ...e, data: { ...e.data, ticket } } as PendingEvent;
}
