import type { CompiledWorkflow, Policy, WorkflowTaskDef } from '../policy/types.ts';
import type { Facts } from '../rules/types.ts';
import type { Ticket, TicketTask } from '../model/ticket.ts';
import { parseDuration } from '../util/duration.ts';
import { slaOf } from './ticket-clocks.ts';

export interface MatchedWorkflow {
  workflow: CompiledWorkflow;
  tasks: WorkflowTaskDef[];
}

/**
 * Scenario follow-ups (domain §8): every workflow whose `when` (and each task's own `when`)
 * matches the new ticket puts its tasks on it. Evaluated before assignment (rules are async);
 * the tasks are built synchronously afterwards.
 */
export async function matchWorkflows(policy: Policy, facts: Facts): Promise<MatchedWorkflow[]> {
  const matched: MatchedWorkflow[] = [];
  for (const wf of policy.workflows) {
    if (wf.when && (await wf.when.evaluate(facts)).events.length === 0) continue;
    const tasks: WorkflowTaskDef[] = [];
    for (const task of wf.def.tasks) {
      const when = wf.taskWhen.get(task.id);
      if (!when || (await when.evaluate(facts)).events.length > 0) tasks.push(task);
    }
    if (tasks.length > 0) matched.push({ workflow: wf, tasks });
  }
  return matched;
}

/**
 * The tasks for the built ticket. `due` counts after `from` (default arrival; `fields.<name>` an
 * ISO instant in the ticket's fields, `resolved` or `closed` once the ticket is), `dueBefore`
 * before it; wall clock unless `businessHours: true` (the SLA calendar). A task whose `from` has
 * no instant yet is not started (workflowsOnChange starts it when it has one). The scheduler publishes `task.due` when a task's time comes.
 */
export function workflowTasks(policy: Policy, ticket: Ticket, matched: readonly MatchedWorkflow[]): TicketTask[] {
  const tasks: TicketTask[] = [];
  const calendar = slaOf(policy, ticket)?.calendar;
  for (const { workflow, tasks: defs } of matched) {
    for (const task of defs) {
      const from = fromInstant(ticket, task.from);
      if (from === undefined) continue;
      const after =
        task.due !== undefined ? (parseDuration(task.due) ?? 0) : -(parseDuration(task.dueBefore ?? '0m') ?? 0);
      const due = task.businessHours && calendar ? calendar.add(from, after) : from + after;
      const owner = ownerOf(policy, ticket, task.assign);
      const repeatMs = task.repeat ? parseDuration(task.repeat) : undefined;
      tasks.push({
        id: `${workflow.def.id}/${task.id}`,
        workflow: workflow.def.id,
        name: task.name ?? workflow.def.name ?? task.id,
        dueAt: new Date(due).toISOString(),
        state: 'open',
        ...owner,
        ...(task.script ? { script: task.script } : {}),
        ...(task.channel ? { channel: task.channel } : {}),
        ...(repeatMs ? { repeatMs } : {}),
        ...(task.afterClose || task.from === 'closed' ? { afterClose: true as const } : {}),
      });
    }
  }
  return tasks;
}

function fromInstant(ticket: Ticket, from: string | undefined): number | undefined {
  if (from === undefined || from === 'created') return Date.parse(ticket.createdAt);
  if (from === 'resolved') return ticket.resolvedAt ? Date.parse(ticket.resolvedAt) : undefined;
  if (from === 'closed') return ticket.closedAt ? Date.parse(ticket.closedAt) : undefined;
  if (from.startsWith('fields.')) {
    const value = ticket.fields[from.slice('fields.'.length)];
    const ms = typeof value === 'string' ? Date.parse(value) : NaN;
    return Number.isFinite(ms) ? ms : undefined;
  }
  return undefined;
}

function ownerOf(
  policy: Policy,
  ticket: Ticket,
  assign: WorkflowTaskDef['assign'],
): { assignee?: string | null; group?: string } {
  if (assign === undefined) return {};
  if (typeof assign === 'object') {
    return {
      ...(assign.group ? { group: assign.group } : {}),
      assignee: assign.agent ?? (assign.group ? null : ticket.assignee),
    };
  }
  if (assign === 'ticket.assignee') return { assignee: ticket.assignee };
  if (assign === 'group-lead') return { assignee: policy.groups.get(ticket.group)?.lead ?? null };
  return { assignee: assign };
}
