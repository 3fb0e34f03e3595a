import type { Pool } from 'pg';
import type { ClaimedTimer, StoredTimer, TimerStore } from '../store/timer-types.ts';
import { createBatcher } from './batcher.ts';
import { rowFault } from './batched-writes.ts';
import { guarded } from './pg-errors.ts';
import type { SqlNames } from './sql-names.ts';

interface TimerRow {
  ticket_id: string;
  kind: string;
  due_at: Date;
  ticket_version: number | null;
  claimed_by: string | null;
  lease_until: Date | null;
}

const defaultLeaseMs = 60_000;

const stored = (r: Pick<TimerRow, 'ticket_id' | 'kind' | 'due_at' | 'ticket_version'>): StoredTimer => ({
  ticketId: r.ticket_id,
  kind: r.kind,
  dueAt: r.due_at,
  ...(r.ticket_version !== null ? { version: r.ticket_version } : {}),
});

/**
 * The timers table. claimDue locks candidate rows with FOR UPDATE SKIP LOCKED, so concurrent
 * claimers in any number of processes each take different rows without waiting for each other,
 * and marks them with an owner and a lease in the same statement.
 */
export function createPostgresTimers(pool: Pool, n: SqlNames): TimerStore & { drained(): Promise<void> } {
  // arms from concurrent callers share one statement; one (ticket, kind) at most once per statement
  const arms = createBatcher<StoredTimer, void>({
    key: (t) => `${t.ticketId}\u0000${t.kind}`,
    isolate: rowFault,
    async run(timers) {
      // A versioned write loses to a newer stored version, and is a no-op when it changes
      // nothing (same version, same instant): a claim on the row then stays, for complete().
      await guarded('arming timers', () =>
        pool.query({
          name: `swb_arm_${n.schema}`,
          text: `INSERT INTO ${n.timers} AS t (ticket_id, kind, due_at, ticket_version)
           SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::integer[])
           ON CONFLICT (ticket_id, kind) DO UPDATE
             SET due_at = EXCLUDED.due_at, ticket_version = EXCLUDED.ticket_version, claimed_by = NULL, lease_until = NULL
             WHERE EXCLUDED.ticket_version IS NULL OR t.ticket_version IS NULL OR t.ticket_version < EXCLUDED.ticket_version
               OR (t.ticket_version = EXCLUDED.ticket_version AND t.due_at <> EXCLUDED.due_at)`,
          values: [
            timers.map((t) => t.ticketId),
            timers.map((t) => t.kind),
            timers.map((t) => t.dueAt.toISOString()),
            timers.map((t) => t.version ?? null),
          ],
        }),
      );
      return timers.map(() => undefined);
    },
  });
  // a ticket's disarms in order, one per statement; a batch deletes for many tickets at once
  const disarms = createBatcher<{ ticket_id: string; kinds: string[] | null; version: number | null }, void>({
    key: (d) => d.ticket_id,
    async run(list) {
      await guarded('disarming timers', () =>
        pool.query({
          name: `swb_disarm_${n.schema}`,
          text: `DELETE FROM ${n.timers} t USING json_to_recordset($1::json) AS x(ticket_id text, kinds text[], version integer)
                 WHERE t.ticket_id = x.ticket_id AND (x.kinds IS NULL OR t.kind = ANY(x.kinds))
                   AND (x.version IS NULL OR t.ticket_version IS NULL OR t.ticket_version <= x.version)`,
          values: [JSON.stringify(list)],
        }),
      );
      return list.map(() => undefined);
    },
  });
  return {
    drained: () => Promise.all([arms.drained(), disarms.drained()]).then(() => undefined),
    async arm(timers) {
      if (timers.length === 0) return;
      await Promise.all(timers.map((t) => arms.push(t)));
    },
    disarm(ticketId, kinds, opts = {}) {
      return disarms.push({ ticket_id: ticketId, kinds: kinds ?? null, version: opts.version ?? null });
    },
    async claimDue(now, limit, owner, leaseMs = defaultLeaseMs) {
      const res = await guarded('claiming due timers', () =>
        pool.query<TimerRow>(
          `WITH due AS (
             SELECT ticket_id, kind FROM ${n.timers}
             WHERE due_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
             ORDER BY due_at LIMIT $2
             FOR UPDATE SKIP LOCKED)
           UPDATE ${n.timers} t SET claimed_by = $3, lease_until = $4
           FROM due WHERE t.ticket_id = due.ticket_id AND t.kind = due.kind
           RETURNING t.ticket_id, t.kind, t.due_at, t.claimed_by, t.lease_until`,
          [now.toISOString(), limit, owner, new Date(now.getTime() + leaseMs).toISOString()],
        ),
      );
      return res.rows
        .map((r): ClaimedTimer => ({ ...stored(r), owner: r.claimed_by!, leaseUntil: r.lease_until! }))
        .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
    },
    async complete(claims) {
      if (claims.length === 0) return 0;
      const res = await guarded('completing timers', () =>
        pool.query(
          `DELETE FROM ${n.timers} t USING unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[]) AS c(ticket_id, kind, due_at, owner)
           WHERE t.ticket_id = c.ticket_id AND t.kind = c.kind AND t.due_at = c.due_at AND t.claimed_by = c.owner`,
          [
            claims.map((c) => c.ticketId),
            claims.map((c) => c.kind),
            claims.map((c) => c.dueAt.toISOString()),
            claims.map((c) => c.owner),
          ],
        ),
      );
      return res.rowCount ?? 0;
    },
    async postpone(claims, until) {
      if (claims.length === 0) return 0;
      const res = await guarded('postponing timers', () =>
        pool.query(
          `UPDATE ${n.timers} t SET lease_until = $5 FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[]) AS c(ticket_id, kind, due_at, owner)
           WHERE t.ticket_id = c.ticket_id AND t.kind = c.kind AND t.due_at = c.due_at AND t.claimed_by = c.owner`,
          [
            claims.map((c) => c.ticketId),
            claims.map((c) => c.kind),
            claims.map((c) => c.dueAt.toISOString()),
            claims.map((c) => c.owner),
            until.toISOString(),
          ],
        ),
      );
      return res.rowCount ?? 0;
    },
    async nextDue(now) {
      const res = await guarded('reading the next deadline', () =>
        pool.query<{ due_at: Date | null }>(
          `SELECT min(due_at) AS due_at FROM ${n.timers} WHERE lease_until IS NULL OR lease_until <= $1`,
          [now.toISOString()],
        ),
      );
      return res.rows[0]?.due_at ?? undefined;
    },
    async list(ticketId) {
      const res = await guarded('listing timers', () =>
        pool.query<TimerRow>(
          `SELECT ticket_id, kind, due_at, ticket_version FROM ${n.timers} WHERE ticket_id = $1 ORDER BY due_at, kind`,
          [ticketId],
        ),
      );
      return res.rows.map(stored);
    },
  };
}
