import { daysFrom } from './days.ts';
import {
  addTask,
  emptyTaskBucket,
  mergeTaskBucket,
  summarizeTasks,
  type TaskBucket,
  type TaskSummary,
} from './task-bucket.ts';
import type { TaskDimension, TaskDimensions, TaskMeasure } from './task-measures.ts';

/** One task's contribution, resolved to its local due day once. */
export interface TaskContribution {
  m: TaskMeasure;
  day: string;
}

export interface TaskMetricsGroup extends TaskSummary {
  key: Partial<TaskDimensions>;
}

export interface TaskMetricsResult {
  from: string;
  to: string;
  timezone: string;
  groupBy: TaskDimension[];
  totals: TaskMetricsGroup;
  groups: TaskMetricsGroup[];
}

const sep = '\u0001';
const cellKey = (d: TaskDimensions) => `${d.group}${sep}${d.agent}${sep}${d.task}`;

/**
 * Task counts per local due day and per (group, agent, task) combination, kept incrementally:
 * a ticket's tasks are subtracted and added again when it changes, so the counts always equal a
 * rebuild from the stored tickets. A query merges the cells of its days (a few per group, agent
 * and task) and never reads a ticket.
 */
export function createTaskProjection(saved: readonly [string, TaskDimensions, TaskBucket][] = []) {
  const cells = new Map<string, Map<string, { dims: TaskDimensions; bucket: TaskBucket }>>();
  for (const [day, dims, bucket] of saved) {
    let byKey = cells.get(day);
    if (!byKey) cells.set(day, (byKey = new Map()));
    byKey.set(cellKey(dims), { dims, bucket });
  }
  return {
    /** Every non-empty cell as [due day, dimensions, counts], for saving. */
    data(): [string, TaskDimensions, TaskBucket][] {
      const out: [string, TaskDimensions, TaskBucket][] = [];
      for (const [day, byKey] of cells)
        for (const c of byKey.values()) if (c.bucket.tasks !== 0) out.push([day, c.dims, c.bucket]);
      return out;
    },
    add(c: TaskContribution, sign: 1 | -1): void {
      let byKey = cells.get(c.day);
      if (!byKey) cells.set(c.day, (byKey = new Map()));
      const k = cellKey(c.m.dims);
      let cell = byKey.get(k);
      if (!cell) byKey.set(k, (cell = { dims: c.m.dims, bucket: emptyTaskBucket() }));
      addTask(cell.bucket, c.m, sign);
    },
    query(from: string, to: string, groupBy: readonly TaskDimension[]) {
      const total = emptyTaskBucket();
      const groups = new Map<string, { key: Partial<TaskDimensions>; bucket: TaskBucket }>();
      for (const day of daysFrom(from, to)) {
        for (const cell of cells.get(day)?.values() ?? []) {
          if (cell.bucket.tasks === 0) continue;
          mergeTaskBucket(total, cell.bucket);
          if (groupBy.length === 0) continue;
          const gk = groupBy.map((d) => cell.dims[d]).join(sep);
          let g = groups.get(gk);
          if (!g) {
            const key: Partial<TaskDimensions> = {};
            for (const d of groupBy) key[d] = cell.dims[d];
            groups.set(gk, (g = { key, bucket: emptyTaskBucket() }));
          }
          mergeTaskBucket(g.bucket, cell.bucket);
        }
      }
      const out = [...groups.values()]
        .map((g) => ({ key: g.key, ...summarizeTasks(g.bucket) }))
        .filter((g) => g.tasks > 0)
        .sort((a, b) => b.tasks - a.tasks || JSON.stringify(a.key).localeCompare(JSON.stringify(b.key)));
      return { totals: { key: {}, ...summarizeTasks(total) }, groups: out };
    },
  };
}
