import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTicketQueue, type QueueEntry } from '../../src/core/routing/ticket-queue.ts';

const order = (a: QueueEntry, b: QueueEntry) =>
  a.rank - b.rank || a.dueMs - b.dueMs || a.createdMs - b.createdMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('the waiting lines', () => {
  it('hold every waiting ticket once, in priority, due, arrival order, through any mix of puts, moves and removes', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('put' as const),
        id: fc.integer({ min: 0, max: 1500 }),
        group: fc.constantFrom('a', 'b'),
        rank: fc.integer({ min: 0, max: 3 }),
        due: fc.integer({ min: 0, max: 50 }),
        created: fc.integer({ min: 0, max: 50 }),
      }),
      fc.record({ kind: fc.constant('remove' as const), id: fc.integer({ min: 0, max: 1500 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 3000 }), (ops) => {
        const q = createTicketQueue();
        const model = new Map<string, QueueEntry>();
        for (const o of ops) {
          const id = `t${o.id}`;
          if (o.kind === 'remove') {
            expect(q.remove(id)).toBe(model.delete(id));
          } else {
            const e = {
              id,
              group: o.group,
              rank: o.rank,
              dueMs: o.due === 50 ? Infinity : o.due,
              createdMs: o.created,
            };
            q.put(e);
            model.set(id, e);
          }
        }
        for (const g of ['a', 'b']) {
          const expected = [...model.values()]
            .filter((e) => e.group === g)
            .sort(order)
            .map((e) => e.id);
          expect(q.line(g).map((e) => e.id)).toEqual(expected);
        }
        expect(q.size).toBe(model.size);
        expect(q.groups().sort()).toEqual([...new Set([...model.values()].map((e) => e.group))].sort());
      }),
      { numRuns: 60 },
    );
  });
});
