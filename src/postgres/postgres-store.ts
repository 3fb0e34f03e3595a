import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Pool } from 'pg';
import { SwitchboardError } from '../core/errors/switchboard-error.ts';
import type { Clock } from '../core/util/clock.ts';
import { encodeCursor } from '../store/cursor.ts';
import { toRow } from '../store/ticket-row.ts';
import type { StoreCluster } from '../store/cluster.ts';
import type { Store } from '../store/types.ts';
import { checkNextVersion, checkStoredTicket } from '../store/store-errors.ts';
import { createBatchedWrites } from './batched-writes.ts';
import { createJsonMemo } from '../store/json-memo.ts';
import { listQuery } from './list-query.ts';
import { migrate } from './migrations.ts';
import { guarded, redactUrl } from './pg-errors.ts';
import { sqlNames, type SqlNames } from './sql-names.ts';
import { createPostgresCluster } from './postgres-cluster.ts';
import { createKnownStored } from './known-stored.ts';
import { createPostgresSavedViews } from './saved-views.ts';
import type { StoredTicketRow } from './ticket-layout.ts';
import { readTickets, ticketColumns } from './ticket-read.ts';

export interface PostgresStoreOptions {
  /** e.g. postgres://user:pass@host:5432/db; the store then owns (and ends) its pool. */
  connectionString?: string;
  /** A pool owned by the caller; close() leaves it open. */
  pool?: Pool;
  /** Schema holding the tables (default "switchboard"); created on open. */
  schema?: string;
  /** Pool size when the store makes the pool (default 10). */
  max?: number;
  /** How often the views (metrics aggregates, task index) are saved while running (default 5 min; 0 = only at close). */
  saveViewsEveryMs?: number;
  /** Paces the saving of the views and dates each save (default the wall clock). */
  clock?: Clock;
  /**
   * The most characters one `saved_views` row holds (default 8,000,000): the views are cut into
   * rows this size, so no value nears PostgreSQL's 1 GB limit at any ticket count. Internal:
   * tests use a tiny bound to save the views in many rows.
   */
  viewsPartChars?: number;
}

export interface PostgresStore extends Store {
  readonly kind: 'postgres';
  readonly pool: Pool;
  readonly names: SqlNames;
  /** Timers, tokens, audit, change feed and socket.io adapter, shared by every process on the database. */
  readonly cluster: StoreCluster;
}

/**
 * Tickets in PostgreSQL: the document as JSONB plus the columns that queue queries filter and
 * sort on, its growing lists in child tables (ticket-layout.ts), so a change writes what changed. Writes are single statements, so a resolved promise means committed; concurrent writes
 * share statements (batched-writes.ts), so one round trip and one commit serve many. Concurrency is
 * optimistic: an update names the version it read, and loses when another writer got there first.
 */
export function createPostgresStore(opts: PostgresStoreOptions): PostgresStore {
  if (!opts.pool && !opts.connectionString) {
    throw new SwitchboardError(
      'SWB_STORE_DATABASE',
      'createPostgresStore needs a connectionString (e.g. DATABASE_URL) or a pool.',
    );
  }
  const owned = !opts.pool;
  const pool = opts.pool ?? new pg.Pool({ connectionString: opts.connectionString, max: opts.max ?? 10 });
  if (owned) pool.on('error', () => undefined); // an idle client lost its connection: the next query reconnects
  const n = sqlNames(opts.schema ?? 'switchboard');
  const columns = (alias: string) => ticketColumns(n, alias);
  const where = opts.connectionString ? redactUrl(opts.connectionString) : 'the given pool';
  let closed = false;
  const memo = createJsonMemo();
  const known = createKnownStored();
  const writes = createBatchedWrites(pool, n, known);
  const cluster = createPostgresCluster(pool, n);
  const savedViews = createPostgresSavedViews(
    pool,
    n,
    (ids) =>
      read('reading changed tickets', `SELECT ${columns('t')} FROM ${n.tickets} t WHERE t.id = ANY($1::text[])`, [ids]),
    {
      ...(opts.saveViewsEveryMs !== undefined ? { everyMs: opts.saveViewsEveryMs } : {}),
      ...(opts.clock ? { clock: opts.clock } : {}),
      ...(opts.viewsPartChars !== undefined ? { partChars: opts.viewsPartChars } : {}),
    },
  );
  // prepared once per connection (planning the list subqueries costs about as much as running them)
  const read = async (what: string, text: string, values: unknown[] = [], remember = false) => {
    const name = `swb_read_${n.schema}_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    const res = await guarded(what, () => pool.query<StoredTicketRow>({ name, text, values }));
    return readTickets(res.rows, remember ? known : undefined);
  };

  return {
    kind: 'postgres',
    storedJson: memo.recall,
    rememberJson: memo.remember,
    pool,
    names: n,
    cluster,
    savedViews,
    async open() {
      await guarded(`migrating schema "${n.schema}" at ${where}`, () => migrate(pool, n));
    },
    async close() {
      savedViews.stop();
      if (!closed) {
        await Promise.all(Object.values(writes).map((b) => b.drained()));
        await savedViews.save().catch(() => undefined); // the next start then rebuilds, with a warning
      }
      if (owned && !closed) {
        closed = true;
        await Promise.all([...Object.values(writes).map((b) => b.drained()), cluster.drained()]);
        await pool.end();
      }
    },
    async insert(ticket, opts) {
      checkStoredTicket(ticket);
      await writes.insert.push(opts?.claim === undefined ? { ticket } : { ticket, claim: opts.claim });
    },
    async update(ticket, expectedVersion) {
      checkStoredTicket(ticket);
      checkNextVersion(ticket, expectedVersion);
      await writes.update.push({ ticket, expectedVersion });
    },
    async get(id) {
      const [ticket] = await read(
        'reading a ticket',
        `SELECT ${columns('t')} FROM ${n.tickets} t WHERE t.id = $1`,
        [id],
        true,
      );
      return ticket;
    },
    async list(filter) {
      const q = listQuery(n.tickets, columns('p'), filter);
      const all = await read('listing tickets', q.text, q.values);
      const items = all.slice(0, q.limit);
      if (all.length <= q.limit) return { items };
      const last = toRow(items[items.length - 1]!, '');
      return { items, nextCursor: encodeCursor({ at: last.at, id: last.id }) };
    },
    openTickets() {
      return read(
        'reading open tickets',
        `SELECT ${columns('t')} FROM ${n.tickets} t WHERE NOT t.closed ORDER BY t.created_at DESC, t.id DESC`,
      );
    },
    nextSequence(name) {
      return writes.sequence.push(name);
    },
    async getMeta<T>(key: string) {
      const res = await guarded('reading meta', () =>
        pool.query<{ value: T }>(`SELECT value FROM ${n.meta} WHERE key = $1`, [key]),
      );
      return res.rows[0]?.value;
    },
    async setMeta(key, value) {
      await writes.meta.push({ key, json: JSON.stringify(value) as string | undefined });
    },
  };
}
