import { describe, expect, it } from 'vitest';
import { createMetricsIndex, type MetricsIndex } from '../../src/core/metrics/metrics-index.ts';
import type { Ticket, TicketTask } from '../../src/core/model/ticket.ts';
import { createTaskIndex } from '../../src/core/tasks/task-index.ts';
import { captureViews, restoreViews } from '../../src/runtime/saved-views.ts';
import { policyFromText } from '../helpers/base-policy.ts';
import { followUpPolicyText } from '../helpers/follow-up-policy.ts';
import { makeTicket } from '../helpers/ticket-fixture.ts';

const policy = policyFromText(followUpPolicyText);
const day = (d: number, h = 10) => `2026-12-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00.000Z`;
const task = (id: string, over: Partial<TicketTask> = {}): TicketTask => ({
  id,
  name: id,
  dueAt: day(3),
  state: 'open',
  ...over,
});
const ticket = (id: string, version: number, over: Partial<Ticket> = {}): Ticket =>
  makeTicket({
    id,
    version,
    createdAt: day(1 + (Number(id.slice(1)) % 5)),
    sla: { policyId: 'round-the-clock', calendarId: '24x7' },
    ...over,
  });

const figures = (m: MetricsIndex) => ({
  totals: m.query({ from: '2026-12-01', to: '2026-12-31' }).totals,
  groups: m.query({ from: '2026-12-01', to: '2026-12-31', groupBy: ['group', 'agent', 'priority'] }).groups,
  daily: m.daily('2026-12-01', '2026-12-10'),
  tasks: m.tasks({ from: '2026-12-01', to: '2026-12-31', groupBy: ['agent', 'task'] }),
  size: m.size,
});

describe('metrics and task views saved as lines', () => {
  it('restored, then changed, they equal a rebuild from the last version of every ticket', () => {
    const first: Ticket[] = Array.from({ length: 40 }, (_, i) =>
      ticket(`t${i}`, 1, {
        group: i % 2 ? 'front' : 'field',
        tasks: i % 3 === 0 ? [task('a', { assignee: 'rui' }), task('b', { state: 'due', firedAt: day(3) })] : [],
        ...(i % 4 === 0 ? { csat: { score: 1 + (i % 5), at: day(4) } } : {}),
      }),
    );
    const metrics = createMetricsIndex({ policy: () => policy });
    const tasks = createTaskIndex();
    for (const t of first) {
      metrics.apply(t);
      tasks.apply(t);
    }
    const saved = captureViews(metrics, tasks, policy);
    expect(saved.versionOf('t3')).toBe(1);
    const restored = restoreViews(saved.lines, policy);
    if (typeof restored === 'string') throw new Error(restored);
    expect(figures(restored.metrics)).toEqual(figures(metrics));

    // changes after the save: tasks done, tickets moved, new tickets
    const later = [
      ticket('t0', 2, { group: 'front', tasks: [task('a', { state: 'done', doneAt: day(2) })] }),
      ticket('t3', 2, { tasks: [] }),
      ticket('t5', 2, { priority: 'P1', csat: { score: 5, at: day(5) } }),
      ticket('t99', 1, { tasks: [task('c', { assignee: 'ana' })] }),
    ];
    const rebuilt = createMetricsIndex({ policy: () => policy });
    const rebuiltTasks = createTaskIndex();
    const last = new Map([...first, ...later].map((t) => [t.id, t]));
    for (const t of last.values()) {
      rebuilt.apply(t);
      rebuiltTasks.apply(t);
    }
    for (const t of later) {
      restored.metrics.apply(t);
      restored.tasks.apply(t);
    }
    expect(figures(restored.metrics)).toEqual(figures(rebuilt));
    const all = { limit: Infinity, states: ['open', 'due', 'done', 'cancelled'] as const };
    expect(restored.tasks.list({ ...all, states: [...all.states] })).toEqual(
      rebuiltTasks.list({ ...all, states: [...all.states] }),
    );
    // saved again after the changes, restored again: still the same
    const again = restoreViews(captureViews(restored.metrics, restored.tasks, policy).lines, policy);
    if (typeof again === 'string') throw new Error(again);
    expect(figures(again.metrics)).toEqual(figures(rebuilt));
  });

  it('lines saved under another policy, or cut short, are refused with the reason', () => {
    const metrics = createMetricsIndex({ policy: () => policy });
    metrics.apply(ticket('t1', 1));
    const { lines } = captureViews(metrics, createTaskIndex(), policy);
    const other = { ...policy, version: 'other-version' };
    expect(restoreViews(lines, other)).toMatch(/made under policy version \w+, the policy now is other-version/);
    expect(restoreViews(['{"kind":"views","format":7}'], policy)).toMatch(/format 7, this version reads format 2/);
    // views saved before the buckets kept histograms (format 1) are rebuilt, not misread
    const before = [JSON.stringify({ ...JSON.parse(lines[0]!), format: 1 }), ...lines.slice(1)];
    expect(restoreViews(before, policy)).toMatch(/format 1, this version reads format 2/);
    // metrics saved with the whole head on one line (format 2) are rebuilt with the reason
    const oldMetrics = JSON.stringify({ ...JSON.parse(lines[1]!), format: 2 });
    expect(restoreViews([lines[0]!, oldMetrics, ...lines.slice(2)], policy)).toMatch(
      /saved metrics are format 2, this version reads format 3/,
    );
  });
});
