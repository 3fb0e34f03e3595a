import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMetricsIndex } from '../../src/core/metrics/metrics-index.ts';
import type { Ticket, TicketTask } from '../../src/core/model/ticket.ts';
import { createTaskIndex } from '../../src/core/tasks/task-index.ts';
import { policyFromText } from '../helpers/base-policy.ts';
import { followUpPolicyText } from '../helpers/follow-up-policy.ts';
import { makeTicket } from '../helpers/ticket-fixture.ts';

const policy = policyFromText(followUpPolicyText); // Europe/Lisbon: UTC+0 in winter
const day = (d: number, h = 10) => `2026-12-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00.000Z`;

const task = (over: Partial<TicketTask> & Pick<TicketTask, 'id'>): TicketTask => ({
  name: over.id,
  dueAt: day(3),
  state: 'open',
  ...over,
});
const ticket = (id: string, version: number, tasks: TicketTask[], group = 'front'): Ticket =>
  makeTicket({ id, version, group, tasks, sla: { policyId: 'round-the-clock', calendarId: '24x7' } });

describe('task metrics', () => {
  it('count each task on its local due day: done on time, done late, overdue now, open, cancelled', () => {
    const index = createMetricsIndex({ policy: () => policy });
    index.apply(
      ticket('t1', 3, [
        task({ id: 'a', kind: 'callback', assignee: 'rui', state: 'done', doneAt: day(2) }),
        task({ id: 'b', kind: 'callback', assignee: 'rui', state: 'done', doneAt: day(3, 12), firedAt: day(3) }),
        task({ id: 'w/c', assignee: 'ana', state: 'due', firedAt: day(3) }),
        task({ id: 'w/c~2', assignee: 'ana', dueAt: day(4) }),
        task({ id: 'm', kind: 'manual', group: 'field', state: 'cancelled', cancelledAt: day(1) }),
      ]),
    );
    const r = index.tasks({ from: '2026-12-03', to: '2026-12-03', groupBy: ['task'] });
    expect(r.totals).toMatchObject({ tasks: 4, doneOnTime: 1, doneLate: 1, overdue: 1, cancelled: 1, done: 2 });
    expect(r.totals.onTimeRate).toBe(0.3333);
    expect(r.groups.map((g) => [g.key.task, g.tasks])).toEqual([
      ['callback', 2],
      ['manual', 1],
      ['w/c', 1],
    ]);
    const byGroup = index.tasks({ from: '2026-12-01', to: '2026-12-31', groupBy: ['group', 'agent'] });
    expect(byGroup.groups.map((g) => [g.key.group, g.key.agent, g.tasks])).toEqual([
      ['front', 'ana', 2],
      ['front', 'rui', 2],
      ['field', '(none)', 1],
    ]);
  });

  it('kept incrementally, they equal a rebuild from the last version of every ticket (and so does the task index)', () => {
    const states = ['open', 'due', 'done', 'cancelled'] as const;
    const taskArb = fc.record({
      n: fc.integer({ min: 0, max: 3 }),
      kind: fc.constantFrom('callback', 'manual', undefined),
      state: fc.constantFrom(...states),
      dueDay: fc.integer({ min: 1, max: 9 }),
      doneDay: fc.integer({ min: 1, max: 9 }),
      assignee: fc.constantFrom('rui', 'ana', undefined),
      group: fc.constantFrom('front', 'field', undefined),
    });
    const versionArb = fc.array(taskArb, { maxLength: 4 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), versionArb), { maxLength: 40 }), (changes) => {
        const live = createMetricsIndex({ policy: () => policy, pairs: false });
        const liveTasks = createTaskIndex();
        const last = new Map<string, Ticket>();
        const versions = new Map<string, number>();
        for (const [which, spec] of changes) {
          const id = `t${which}`;
          const v = (versions.get(id) ?? 0) + 1;
          versions.set(id, v);
          const tasks = spec.map((s, i): TicketTask => {
            const dueAt = day(s.dueDay);
            const end = day(s.doneDay);
            return task({
              id: `${s.kind ? `k${i}` : `wf/x${s.n}`}`,
              ...(s.kind ? { kind: s.kind } : {}),
              state: s.state,
              dueAt,
              ...(s.assignee ? { assignee: s.assignee } : {}),
              ...(s.group ? { group: s.group } : {}),
              ...(s.state === 'done' ? { doneAt: end } : {}),
              ...(s.state === 'cancelled' ? { cancelledAt: end } : {}),
              ...(s.state === 'due' ? { firedAt: dueAt } : {}),
            });
          });
          const t = ticket(id, v, tasks, which % 2 ? 'field' : 'front');
          live.apply(t);
          liveTasks.apply(t);
          // a late copy of an older version changes nothing
          if (v > 1) live.apply({ ...t, version: v - 1, tasks: [] });
          if (v > 1) liveTasks.apply({ ...t, version: v - 1, tasks: [] });
          last.set(id, t);
        }
        const rebuilt = createMetricsIndex({ policy: () => policy, pairs: false });
        const rebuiltTasks = createTaskIndex();
        for (const t of last.values()) {
          rebuilt.apply(t);
          rebuiltTasks.apply(t);
        }
        for (const groupBy of [[], ['group'], ['agent', 'task'], ['group', 'agent', 'task']] as const) {
          const q = { from: '2026-12-01', to: '2026-12-09', groupBy };
          expect(live.tasks(q)).toEqual(rebuilt.tasks(q));
        }
        const all = { limit: 1000, states: states };
        expect(liveTasks.list(all)).toEqual(rebuiltTasks.list(all));
        expect(liveTasks.size).toBe(rebuiltTasks.size);
      }),
      { numRuns: 150, seed: 20261201 },
    );
  });
});
