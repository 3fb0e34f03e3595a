import type { TaskMeasure, TaskOutcome } from './task-measures.ts';

/** Counts of one (due day, dimensions) cell of tasks; merging cells is addition. */
export type TaskBucket = Record<'tasks' | TaskOutcome, number>;

export const emptyTaskBucket = (): TaskBucket => ({
  tasks: 0,
  open: 0,
  overdue: 0,
  doneOnTime: 0,
  doneLate: 0,
  cancelled: 0,
});

export function addTask(b: TaskBucket, m: TaskMeasure, sign: 1 | -1): void {
  b.tasks += sign;
  b[m.outcome] += sign;
}

export function mergeTaskBucket(into: TaskBucket, b: TaskBucket): void {
  into.tasks += b.tasks;
  into.open += b.open;
  into.overdue += b.overdue;
  into.doneOnTime += b.doneOnTime;
  into.doneLate += b.doneLate;
  into.cancelled += b.cancelled;
}

/** What a supervisor reads of tasks: how many were done on time, late, are overdue now. */
export interface TaskSummary extends TaskBucket {
  done: number;
  /** Done on time ÷ (done + overdue now): of the tasks whose time came or that were done, the share done in time. */
  onTimeRate: number | null;
}

export function summarizeTasks(b: TaskBucket): TaskSummary {
  const done = b.doneOnTime + b.doneLate;
  const judged = done + b.overdue;
  return { ...b, done, onTimeRate: judged > 0 ? Math.round((b.doneOnTime / judged) * 10000) / 10000 : null };
}
