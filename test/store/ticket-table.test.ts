import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareKeys, createTicketTable } from '../../src/store/ticket-table.ts';
import type { TicketRow } from '../../src/store/ticket-row.ts';

const row = (id: string, at: number, version: number, closed = false): TicketRow => ({
  id,
  version,
  at,
  status: closed ? 'closed' : 'open',
  group: 'g',
  priority: 'P3',
  channel: 'chat',
  assignee: null,
  closed,
  closedAtMs: 0,
  json: `{"id":"${id}","version":${version}}`,
});

type Op =
  | { kind: 'put'; id: number; at: number; closed: boolean }
  | { kind: 'delete'; ids: number[] }
  | { kind: 'read' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('put' as const),
    id: fc.integer({ min: 0, max: 30 }),
    at: fc.integer({ min: 0, max: 20 }),
    closed: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('delete' as const), ids: fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 4 }) }),
  fc.record({ kind: fc.constant('read' as const) }),
);

describe('ticket table order (list order: newest first, then id descending)', () => {
  it('lists, pages and filters like a table sorted after every write, whatever order rows arrive in', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const table = createTicketTable();
        const model = new Map<string, TicketRow>();
        let version = 0;
        const expected = () => [...model.values()].sort(compareKeys);
        for (const o of ops) {
          if (o.kind === 'put') {
            const r = row(`t${o.id}`, o.at, ++version, o.closed);
            table.put(r);
            model.set(r.id, r);
          } else if (o.kind === 'delete') {
            const ids = new Set(o.ids.map((i) => `t${i}`));
            table.deleteMany(ids);
            for (const id of ids) model.delete(id);
          } else {
            expect(table.all()).toEqual(expected());
            expect(table.open()).toEqual(expected().filter((r) => !r.closed));
          }
        }
        const want = expected();
        expect(table.size).toBe(model.size);
        expect(table.all()).toEqual(want);
        // keyset paging walks every row once, in order
        const paged: TicketRow[] = [];
        let cursor: string | undefined;
        do {
          const page = table.list({ limit: 3, ...(cursor ? { cursor } : {}) });
          paged.push(...page.rows);
          cursor = page.nextCursor;
        } while (cursor);
        expect(paged).toEqual(want);
        for (const r of want) expect(table.get(r.id)).toBe(r);
      }),
      { numRuns: 400 },
    );
  });

  it('loads a large table handed over newest first without reordering row by row', () => {
    const table = createTicketTable();
    const n = 50_000;
    for (let i = n; i > 0; i--) table.put(row(`t${String(i).padStart(6, '0')}`, i * 1000, 1));
    const all = table.all();
    expect(all).toHaveLength(n);
    expect(all[0]!.at).toBe(n * 1000);
    expect(all.at(-1)!.at).toBe(1000);
    expect(table.list({ limit: 2 }).rows.map((r) => r.at)).toEqual([n * 1000, (n - 1) * 1000]);
  });
});
