import { SwitchboardError } from '../errors/index.ts';
import type { Ticket, TicketTask } from '../model/ticket.ts';
import { belongsTo } from '../routing/membership.ts';
import { finishChange } from '../tickets/lifecycle.ts';
import { didYouMean, listValues } from '../util/suggest.ts';
import type { OpContext, OpResult } from './operations.ts';
import { ensureOpen, unknown } from './ticket-actions.ts';

export interface NewTaskInput {
  name: string;
  /** ISO-8601 instant with a zone. */
  due: string;
  assignee?: string;
  group?: string;
  note?: string;
}

export interface TaskOutcome {
  state: 'done' | 'cancelled';
  note?: string;
}

const bad = (message: string, path: string) => new SwitchboardError('SWB_API_VALIDATION', message, { path });

/** Adds a task by hand: who owes it (an agent, a group, or the ticket's group) and by when. Pure. */
export function addTask(ticket: Ticket, input: NewTaskInput, ctx: OpContext): OpResult {
  ensureOpen(ticket, ctx.policy);
  const { policy } = ctx;
  const dueMs = /(Z|[+-]\d{2}:?\d{2})$/i.test(input.due) ? Date.parse(input.due) : Number.NaN;
  if (Number.isNaN(dueMs))
    throw bad(`due must be an ISO-8601 time with a zone (e.g. 2026-12-04T10:00:00+08:00), got "${input.due}"`, '/due');
  if (input.group !== undefined && !policy.groups.has(input.group))
    throw unknown('group', input.group, policy.groups.keys(), '/group');
  if (input.assignee !== undefined && !policy.agents.has(input.assignee))
    throw unknown('agent', input.assignee, policy.agents.keys(), '/assignee');
  const group = input.group ?? ticket.group;
  if (input.assignee !== undefined && !belongsTo(policy, group, input.assignee))
    throw new SwitchboardError(
      'SWB_TICKET_NOT_MEMBER',
      `${input.assignee} does not belong to group ${group}; name a member or leave assignee out`,
      { path: '/assignee' },
    );
  const at = ctx.now.toISOString();
  const n = (ticket.tasks ?? []).filter((t) => t.id.startsWith('task-')).length + 1;
  const task: TicketTask = {
    id: `task-${n}`,
    kind: 'manual',
    name: input.name,
    dueAt: new Date(dueMs).toISOString(),
    state: 'open',
    group,
    ...(input.assignee !== undefined ? { assignee: input.assignee } : {}),
    ...(input.note ? { reason: input.note } : {}),
    createdAt: at,
  };
  const after: Ticket = { ...ticket, tasks: [...(ticket.tasks ?? []), task] };
  return finishChange(
    ticket,
    after,
    { ...ctx, type: 'task', policyVersion: policy.version, note: `task ${task.id} added: ${task.name}` },
    [{ type: 'task.created', data: { ticket: after, task } }],
  );
}

/**
 * Completes or cancels a task that is still owed (open or due). A task done before its due time
 * never fires `task.due`; `onTime` says whether it was done by then. Pure.
 */
export function finishTask(ticket: Ticket, taskId: string, outcome: TaskOutcome, ctx: OpContext): OpResult {
  const tasks = ticket.tasks ?? [];
  const task = tasks.find((t) => t.id === taskId);
  if (!task)
    throw new SwitchboardError(
      'SWB_TASK_NOT_FOUND',
      `ticket ${ticket.id} has no task "${taskId}"${didYouMean(
        taskId,
        tasks.map((t) => t.id),
      )}; its tasks: ${listValues(tasks.map((t) => t.id)) || 'none'}`,
      { path: '/taskId' },
    );
  if (task.state === 'done' || task.state === 'cancelled')
    throw new SwitchboardError(
      'SWB_TASK_FINISHED',
      `task ${taskId} is already ${task.state}; add a new task for more work`,
      { state: task.state },
    );
  const at = ctx.now.toISOString();
  const onTime = ctx.now.getTime() <= Date.parse(task.dueAt);
  const { repeatMs: _repeat, ...rest } = task;
  const finished: TicketTask = {
    ...rest,
    state: outcome.state,
    doneAt: at,
    doneBy: ctx.actor,
    ...(outcome.note ? { outcome: outcome.note } : {}),
  };
  const after: Ticket = { ...ticket, tasks: tasks.map((t) => (t === task ? finished : t)) };
  const verb = outcome.state === 'done' ? 'done' : 'cancelled';
  return finishChange(
    ticket,
    after,
    {
      ...ctx,
      type: 'task',
      policyVersion: ctx.policy.version,
      note: `task ${taskId} ${verb}${outcome.note ? `: ${outcome.note}` : ''}`,
    },
    [
      {
        type: outcome.state === 'done' ? 'task.completed' : 'task.cancelled',
        data: { ticket: after, task: finished, onTime },
      },
    ],
  );
}
