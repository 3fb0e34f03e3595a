import type { Pool } from 'pg';
import type { AuditRecord, SharedAuditLog } from '../store/shared-records.ts';
import { guarded } from './pg-errors.ts';
import type { SqlNames } from './sql-names.ts';

/** The audit log in `<schema>.audit`: one row per entry, in append order (`seq`). */
export function createSharedAudit(pool: Pool, n: SqlNames): SharedAuditLog {
  return {
    async append(entries) {
      if (entries.length === 0) return;
      await guarded('writing the audit log', () =>
        pool.query(
          `INSERT INTO ${n.audit} (at, ticket_id, entry)
           SELECT (e->>'at')::timestamptz, e->>'ticketId', e FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, i) ORDER BY i`,
          [JSON.stringify(entries)],
        ),
      );
    },
    async query({ since, limit, ticket }) {
      const res = await guarded('reading the audit log', () =>
        pool.query<{ entry: AuditRecord }>(
          `SELECT entry FROM ${n.audit}
           WHERE ($1::timestamptz IS NULL OR at >= $1::timestamptz) AND ($2::text IS NULL OR ticket_id = $2)
           ORDER BY at, seq LIMIT $3`,
          [since ?? null, ticket ?? null, limit + 1],
        ),
      );
      const items = res.rows.map((r) => r.entry);
      return items.length > limit ? { items: items.slice(0, limit), next: items[limit]!.at } : { items };
    },
  };
}
