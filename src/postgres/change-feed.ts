import type { Pool } from 'pg';
import type { StoredTicketRow } from './ticket-layout.ts';
import { readTickets, ticketColumns } from './ticket-read.ts';
import type { ChangeFeed } from '../store/shared-records.ts';
import { guarded } from './pg-errors.ts';
import type { SqlNames } from './sql-names.ts';

/**
 * Tickets by `updated_at` (set by the database on every insert and update), in pages ordered by
 * (updated_at, id). A statement's `now()` is its transaction's start, so a write that started
 * before the mark can commit after it: the pages reach 5 s further back, far longer than a
 * batched write stays open.
 */
export function createChangeFeed(pool: Pool, n: SqlNames): ChangeFeed {
  return {
    async mark() {
      const res = await guarded('reading the database clock', () => pool.query<{ now: Date }>('SELECT now() AS now'));
      return res.rows[0]!.now.toISOString();
    },
    async *since(mark, pageSize = 500) {
      let after: { at: string; id: string } | undefined;
      for (;;) {
        const res = await guarded('reading recent ticket changes', () =>
          pool.query<StoredTicketRow & { at: string; id: string }>(
            `SELECT ${ticketColumns(n, 't')}, t.updated_at::text AS at, t.id FROM ${n.tickets} t
             WHERE t.updated_at >= $1::timestamptz - interval '5 seconds'
               AND ($2::timestamptz IS NULL OR (t.updated_at, t.id) > ($2::timestamptz, $3::text))
             ORDER BY t.updated_at, t.id LIMIT $4`,
            [mark, after?.at ?? null, after?.id ?? null, pageSize],
          ),
        );
        if (res.rows.length > 0) yield readTickets(res.rows);
        if (res.rows.length < pageSize) return;
        const last = res.rows[res.rows.length - 1]!;
        // the text form keeps microseconds: a Date would cut them, and the page would repeat
        after = { at: last.at, id: last.id };
      }
    },
  };
}
