import type { Ticket } from '../model/ticket.ts';
import { taskKey } from '../tasks/task-ids.ts';
import { wentOverdue } from '../tasks/task-state.ts';

export const taskDimensionNames = ['group', 'agent', 'task'] as const;
export type TaskDimension = (typeof taskDimensionNames)[number];
export type TaskDimensions = Record<TaskDimension, string>;

/** Where a task stands: still open, overdue now, done on time or late, or cancelled. */
export type TaskOutcome = 'open' | 'overdue' | 'doneOnTime' | 'doneLate' | 'cancelled';

/** What the metrics need from one task (pure). */
export interface TaskMeasure {
  dims: TaskDimensions;
  dueMs: number;
  outcome: TaskOutcome;
}

const none = '(none)';

/**
 * Each task of the ticket: its group (its own, else the ticket's), agent (its assignee), task
 * (its kind, `callback` or `manual`, else the workflow or trigger task it comes from) and where it
 * stands. Done on time: done before its due time without ever coming due.
 */
export function measureTasks(ticket: Ticket): TaskMeasure[] {
  return (ticket.tasks ?? []).map((task) => ({
    dims: { group: task.group ?? ticket.group ?? none, agent: task.assignee ?? none, task: taskKey(task) },
    dueMs: Date.parse(task.dueAt),
    outcome:
      task.state === 'done'
        ? wentOverdue(task)
          ? 'doneLate'
          : 'doneOnTime'
        : task.state === 'cancelled'
          ? 'cancelled'
          : task.state === 'due'
            ? 'overdue'
            : 'open',
  }));
}
