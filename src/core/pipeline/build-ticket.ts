import { withoutNulls } from '../tickets/check-fields.ts';
import type { Policy } from '../policy/types.ts';
import type { Assignment } from './assign.ts';
import { startTimer } from '../sla/timers.ts';
import type { Ticket, TicketInput, TicketSla } from '../model/ticket.ts';
import { builtinCalendarId } from '../policy/defaults.ts';
import type { Decided } from './decide.ts';

export interface BuildContext {
  id: string;
  number: string;
  now: Date;
  actor: string;
}

/** Assembles the new ticket from the decisions (scripts not yet rendered); starts its SLA clocks at arrival. */
export function buildTicket(
  policy: Policy,
  input: TicketInput,
  decided: Decided,
  assignment: Assignment,
  ctx: BuildContext,
): Ticket {
  const arrived = input.createdAt ? new Date(input.createdAt) : ctx.now;
  const arrivedMs = arrived.getTime();
  const newStatus = [...policy.statuses.values()].find((s) => s.kind === 'new')?.id ?? 'new';
  const sla: TicketSla = {
    policyId: decided.sla.decision.value,
    calendarId: decided.sla.compiled?.def.calendar ?? builtinCalendarId,
  };
  const compiled = decided.sla.compiled;
  const channel = policy.channels.get(input.channel);
  if (compiled && channel) {
    // Clocks that run from arrival; next response and pending confirmation start later.
    for (const kind of ['firstResponse', 'periodicUpdate', 'resolution'] as const) {
      const target = compiled.target(kind, decided.priority.value, channel, input.customer.tier);
      if (target !== undefined) sla[kind] = startTimer(compiled, target, arrivedMs);
    }
  }
  const ticket: Ticket = {
    id: ctx.id,
    number: ctx.number,
    version: 1,
    status: newStatus,
    channel: input.channel,
    category: decided.category.value,
    priority: decided.priority.value,
    group: assignment.group,
    assignee: assignment.assignee.value,
    collaborators: assignment.collaborators,
    ...(decided.lead ? { lead: decided.lead } : {}),
    subject: input.subject,
    ...(input.description !== undefined ? { description: input.description } : {}),
    customer: { ...input.customer },
    fields: withoutNulls(input.fields ?? {}),
    tags: [...new Set(input.tags ?? [])],
    locale: String(decided.facts.locale),
    sla,
    createdAt: arrived.toISOString(),
    updatedAt: ctx.now.toISOString(),
    replies: [],
    scripts: {},
    decisions: {
      policyVersion: policy.version,
      category: decided.category,
      priority: decided.priority,
      sla: decided.sla.decision,
      group: decided.group,
      assignee: assignment.assignee,
    },
    routing: {
      ...(decided.skills ? { skills: decided.skills } : {}),
      ...(assignment.waiting.length > 0 ? { waitingSince: ctx.now.toISOString() } : {}),
      trace: assignment.lines,
      at: ctx.now.toISOString(),
    },
    history: [{ at: ctx.now.toISOString(), actor: ctx.actor, type: 'created', policyVersion: policy.version }],
  };
  return ticket;
}
