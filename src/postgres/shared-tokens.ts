import type { Pool } from 'pg';
import type { SharedRecords } from '../store/shared-records.ts';
import { guarded } from './pg-errors.ts';
import type { SqlNames } from './sql-names.ts';

const markName = 'auth:tokens';

/** Access-token records in `<schema>.auth_tokens`; the change mark is a row of `sequences`. */
export function createSharedTokens(pool: Pool, n: SqlNames): SharedRecords<{ id: string }> {
  return {
    async all() {
      const res = await guarded('reading access tokens', () =>
        pool.query<{ record: { id: string } }>(`SELECT record FROM ${n.tokens} ORDER BY created_at, id`),
      );
      return res.rows.map((r) => r.record);
    },
    async put(record) {
      await guarded('saving an access token', () =>
        pool.query(
          `WITH saved AS (
             INSERT INTO ${n.tokens} (id, record) VALUES ($1, $2::jsonb)
             ON CONFLICT (id) DO UPDATE SET record = EXCLUDED.record, updated_at = now() RETURNING 1
           )
           INSERT INTO ${n.sequences} AS s (name, value) SELECT $3, 1 FROM saved
           ON CONFLICT (name) DO UPDATE SET value = s.value + 1`,
          [record.id, JSON.stringify(record), markName],
        ),
      );
    },
    async mark() {
      const res = await guarded('reading the access-token change mark', () =>
        pool.query<{ value: string }>(`SELECT value FROM ${n.sequences} WHERE name = $1`, [markName]),
      );
      return res.rows[0]?.value ?? '0';
    },
    async exclusively(fn) {
      const client = await guarded('locking access tokens', () => pool.connect());
      const key = `switchboard:tokens:${n.schema}`;
      try {
        await guarded('locking access tokens', () => client.query('SELECT pg_advisory_lock(hashtext($1))', [key]));
        try {
          return await fn();
        } finally {
          await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
        }
      } finally {
        client.release();
      }
    },
  };
}
