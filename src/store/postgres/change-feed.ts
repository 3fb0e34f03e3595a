import type { Pool } from 'pg';
import type { Ticket } from '../../tickets/types.ts';
import type { ChangeFeed } from '../shared-records.ts';
import { guarded } from './pg-errors.ts';
import type { SqlNames } from './sql-names.ts';

/**
 * Tickets by `updated_at` (set by the database on every insert and update). A transaction's
 * `now()` is its start, so a write that started before the mark can commit after it: `since`
 * reaches 10 s further back, far longer than a batched write stays open.
 */
export function createChangeFeed(pool: Pool, n: SqlNames): ChangeFeed {
  return {
    async mark() {
      const res = await guarded('reading the database clock', () => pool.query<{ now: Date }>('SELECT now() AS now'));
      return res.rows[0]!.now.toISOString();
    },
    async since(mark) {
      const res = await guarded('reading recent ticket changes', () =>
        pool.query<{ doc: Ticket }>(`SELECT doc FROM ${n.tickets} WHERE updated_at >= $1::timestamptz - interval '10 seconds'`, [mark]),
      );
      return res.rows.map((r) => r.doc);
    },
  };
}
