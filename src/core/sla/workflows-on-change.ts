import type { Ticket, TicketTask } from '../model/ticket.ts';
import type { Policy } from '../policy/types.ts';
import type { PendingEvent } from '../tickets/events.ts';
import { finishChange, statusKind } from '../tickets/lifecycle.ts';
import { automationFacts } from './automation-facts.ts';
import { matchWorkflows, workflowTasks } from './workflows.ts';

/**
 * Workflows after a change: a workflow whose `when` holds now adds the tasks the ticket does
 * not have yet (a task `from: fields.x`, `resolved` or `closed` once that instant exists), and
 * an open task whose `from` instant changed (the field was corrected) moves to its new due
 * time, unless someone set its due time by hand. Finished tasks stay as they are; nothing is removed when a `when` stops holding. One
 * `workflow` history entry; undefined when nothing changes. Closed tickets start no task
 * unless it counts from `closed`.
 */
export async function workflowsOnChange(
  ticket: Ticket,
  policy: Policy,
  ctx: { now: Date },
): Promise<{ ticket: Ticket; events: PendingEvent[] } | undefined> {
  if (policy.workflows.length === 0) return undefined;
  const closed = statusKind(policy, ticket.status) === 'closed';
  const matched = await matchWorkflows(policy, automationFacts(ticket, policy, ctx.now.getTime()));
  const wanted = workflowTasks(policy, ticket, matched);
  const fromOf = new Map<string, string>(
    matched.flatMap((m) => m.tasks.map((t): [string, string] => [`${m.workflow.def.id}/${t.id}`, t.from ?? 'created'])),
  );
  const tasks: TicketTask[] = [...(ticket.tasks ?? [])];
  const lines: string[] = [];
  const created: TicketTask[] = [];
  for (const task of wanted) {
    const i = tasks.findIndex((t) => t.id === task.id);
    if (i < 0) {
      if (closed && fromOf.get(task.id) !== 'closed') continue;
      const added = { ...task, createdAt: ctx.now.toISOString() };
      tasks.push(added);
      created.push(added);
      lines.push(`task ${task.id} added, due ${task.dueAt}`);
      continue;
    }
    const have = tasks[i] as TicketTask;
    if (
      have.state === 'open' &&
      !have.firedAt &&
      !have.rescheduledAt &&
      have.dueAt !== task.dueAt &&
      fromOf.get(task.id) !== 'created'
    ) {
      tasks[i] = { ...have, dueAt: task.dueAt };
      lines.push(`task ${task.id} moved ${have.dueAt} → ${task.dueAt}`);
    }
  }
  if (lines.length === 0) return undefined;
  const after: Ticket = { ...ticket, tasks };
  const done = finishChange(
    ticket,
    after,
    { now: ctx.now, actor: 'workflow', type: 'workflow', policyVersion: policy.version, note: lines.join('; ') },
    created.map((task) => ({ type: 'task.created' as const, data: { ticket: after, task } })),
  );
  return { ticket: done.ticket, events: done.events };
}
