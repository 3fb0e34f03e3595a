import { createMetricsIndex, type MetricsIndex } from '../../src/core/metrics/metrics-index.ts';
import { createTaskIndex } from '../../src/core/tasks/task-index.ts';
import { scanTickets } from '../../src/runtime/metrics/scan-store.ts';
import type { Switchboard } from '../../src/switchboard/create-switchboard.ts';

/** Every figure a user reads from the aggregates, for the fixture month and the days after. */
export function figures(index: MetricsIndex) {
  const window = { from: '2026-10-01', to: '2026-11-15' };
  return {
    totals: index.query(window).totals,
    byChannelPriority: index.query({ ...window, groupBy: ['channel', 'priority'] }).groups,
    byAgentTierCategory: index.query({ ...window, groupBy: ['agent', 'tier', 'category'] }).groups,
    daily: index.daily(window.from, window.to),
    tasks: index.tasks({ ...window, groupBy: ['group'] }),
    size: index.size,
  };
}

/** The same figures from a full rebuild: every stored ticket measured again. */
export async function rebuilt(sb: Switchboard) {
  const index = createMetricsIndex({ policy: sb.policy.current });
  const tasks = createTaskIndex();
  for await (const t of scanTickets(sb.store)) {
    index.apply(t);
    tasks.apply(t);
  }
  return {
    figures: figures(index),
    tasks: tasks.list({ limit: Infinity, states: ['open', 'due', 'done', 'cancelled'] }),
  };
}
