import type { CompiledWorkflow, Policy } from '../config/types.ts';
import type { Facts } from '../rules/types.ts';
import type { Ticket, TicketTask } from '../tickets/types.ts';
import { parseDuration } from '../util/duration.ts';
import { slaOf } from './ticket-clocks.ts';

/**
 * Scenario follow-ups (domain §8): every workflow whose `when` matches the new ticket puts its
 * tasks on it, due `due` after arrival (wall clock; `businessHours: true` counts on the SLA's
 * calendar). The scheduler publishes `task.due` when a task's time comes.
 * `assign`: `ticket.assignee`, `group-lead`, or an agent id.
 */
export async function matchWorkflows(policy: Policy, facts: Facts): Promise<CompiledWorkflow[]> {
  const matched: CompiledWorkflow[] = [];
  for (const wf of policy.workflows) {
    if (!wf.when || (await wf.when.evaluate(facts)).events.length > 0) matched.push(wf);
  }
  return matched;
}

/** The tasks of the matched workflows for the built ticket (synchronous: runs after assignment). */
export function workflowTasks(policy: Policy, ticket: Ticket, matched: readonly CompiledWorkflow[]): TicketTask[] {
  const tasks: TicketTask[] = [];
  const arrived = Date.parse(ticket.createdAt);
  const calendar = slaOf(policy, ticket)?.calendar;
  for (const wf of matched) {
    for (const task of wf.def.tasks) {
      const ms = parseDuration(task.due) ?? 0;
      const due = task.businessHours && calendar ? calendar.add(arrived, ms) : arrived + ms;
      const assignee = task.assign === undefined ? undefined
        : task.assign === 'ticket.assignee' ? ticket.assignee
        : task.assign === 'group-lead' ? (policy.groups.get(ticket.group)?.lead ?? null)
        : task.assign;
      tasks.push({
        id: `${wf.def.id}/${task.id}`,
        workflow: wf.def.id,
        name: task.name ?? wf.def.name ?? task.id,
        dueAt: new Date(due).toISOString(),
        state: 'open',
        ...(assignee !== undefined ? { assignee } : {}),
      });
    }
  }
  return tasks;
}
