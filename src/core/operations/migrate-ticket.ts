import type { PendingEvent } from '../tickets/events.ts';
import { finishChange, ownershipMoved } from '../tickets/lifecycle.ts';
import type { Ticket } from '../model/ticket.ts';
import { isUnfinished } from '../tasks/task-state.ts';
import { defines, migrateOf, type UsedKind } from '../policy/policy-use.ts';
import { keptAssignee } from '../routing/membership.ts';
import { recomputeSla } from '../sla/recompute.ts';
import { moveStatus, type OpContext, type OpResult } from './operations.ts';
import { pickSla } from './change-fields.ts';

/**
 * Moves one open ticket off the ids `policy` no longer defines, as its `migrate:` map says:
 * group, collaborators and task owners, agents (null unassigns), category, status (with the
 * status's clock effects), priority, channel and SLA; the SLA is picked again and its live
 * clocks recomputed keeping the business time elapsed. An assignee who does not belong to the
 * ticket's group afterwards is unassigned (routing then places the ticket within its group).
 * One history entry of type `migrate` names both policy versions. Undefined when nothing moves.
 */
export async function migrateTicket(
  ticket: Ticket,
  ctx: OpContext & { fromVersion: string },
): Promise<OpResult | undefined> {
  const { policy } = ctx;
  const migrate = migrateOf(policy);
  const moved = (kind: UsedKind, value: string): string | null | undefined => {
    if (defines(policy, kind, value)) return undefined;
    const map = migrate[kind];
    return map && Object.hasOwn(map, value) ? (map[value] as string | null) : undefined;
  };
  const to = <T extends string | null>(kind: UsedKind, value: T): T | string | null => {
    if (value === null) return value;
    const m = moved(kind, value);
    return m === undefined ? value : m;
  };
  const lines: string[] = [];
  const note = (what: string, from: string | null | undefined, next: string | null | undefined) => {
    if (from !== next) lines.push(`${what} ${from ?? 'nobody'} → ${next ?? 'nobody'}`);
  };

  let after: Ticket = { ...ticket };
  after.group = to('groups', ticket.group) as string;
  note('group', ticket.group, after.group);
  after.category = to('categories', ticket.category) as string;
  note('category', ticket.category, after.category);
  after.priority = to('priorities', ticket.priority) as string;
  note('priority', ticket.priority, after.priority);
  after.channel = to('channels', ticket.channel) as string;
  note('channel', ticket.channel, after.channel);
  const mappedAssignee = to('agents', ticket.assignee);
  note('assignee', ticket.assignee, mappedAssignee);
  after.assignee = keptAssignee(policy, after.group, mappedAssignee);
  if (mappedAssignee !== null && after.assignee === null)
    lines.push(`${mappedAssignee} does not belong to ${after.group}: unassigned`);
  after.collaborators = ticket.collaborators.map((c) => {
    const group = to('groups', c.group) as string;
    return { group, assignee: keptAssignee(policy, group, to('agents', c.assignee)) };
  });
  if (JSON.stringify(after.collaborators) !== JSON.stringify(ticket.collaborators)) lines.push('collaborators moved');
  if (ticket.lead !== undefined) {
    const lead = to('agents', ticket.lead);
    note('lead', ticket.lead, lead);
    if (lead === null) delete after.lead;
    else after.lead = lead;
  }
  if (ticket.tasks?.some(isUnfinished))
    after.tasks = ticket.tasks.map((t) =>
      !isUnfinished(t)
        ? t
        : {
            ...t,
            ...(t.group ? { group: to('groups', t.group) as string } : {}),
            ...(t.assignee !== undefined ? { assignee: to('agents', t.assignee ?? null) } : {}),
          },
    );

  const events: PendingEvent[] = [];
  const status = to('statuses', ticket.status) as string;
  if (status !== ticket.status) {
    note('status', ticket.status, status);
    after = moveStatus(after, status, ctx, events).after;
  }
  const slaId = ticket.sla?.policyId;
  const slaTarget = slaId ? moved('slas', slaId) : undefined;
  if (slaTarget) note('sla', slaId, slaTarget);
  if (lines.length === 0) return undefined;

  const nowMs = ctx.now.getTime();
  const sla = slaTarget
    ? (policy.slas.find((s) => s.def.id === slaTarget) ?? (await pickSla(policy, after, nowMs)))
    : await pickSla(policy, after, nowMs);
  if (sla) after = { ...after, sla: recomputeSla(after, policy, sla, nowMs) };
  events.push(...ownershipMoved(ticket, after));
  const done = finishChange(
    ticket,
    after,
    {
      ...ctx,
      type: 'migrate',
      policyVersion: policy.version,
      note: `policy ${ctx.fromVersion} → ${policy.version}: ${lines.join('; ')}`,
    },
    events,
  );
  return { ticket: done.ticket, events: done.events };
}
