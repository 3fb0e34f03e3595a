import pg from 'pg';
import type { Pool } from 'pg';
import { SwitchboardError } from '../../errors/switchboard-error.ts';
import type { Ticket } from '../../tickets/types.ts';
import { encodeCursor } from '../cursor.ts';
import { toRow } from '../ticket-row.ts';
import type { TimerStore } from '../timer-types.ts';
import type { Store } from '../types.ts';
import { listQuery } from './list-query.ts';
import { migrate } from './migrations.ts';
import { guarded, redactUrl } from './pg-errors.ts';
import { sqlNames, type SqlNames } from './sql-names.ts';
import { createPostgresTimers } from './timers.ts';

export interface PostgresStoreOptions {
  /** e.g. postgres://user:pass@host:5432/db; the store then owns (and ends) its pool. */
  connectionString?: string;
  /** A pool owned by the caller; close() leaves it open. */
  pool?: Pool;
  /** Schema holding the tables (default "switchboard"); created on open. */
  schema?: string;
  /** Pool size when the store makes the pool (default 10). */
  max?: number;
}

export interface PostgresStore extends Store {
  readonly kind: 'postgres';
  readonly pool: Pool;
  readonly names: SqlNames;
  /** Deadlines that fire once across processes (see TimerStore). */
  readonly timers: TimerStore;
}

export function isPostgresStore(store: Store): store is PostgresStore {
  return store.kind === 'postgres' && 'pool' in store && 'names' in store;
}

function checkTicket(ticket: Ticket): void {
  if (typeof ticket?.id !== 'string' || ticket.id === '') {
    throw new SwitchboardError('SWB_INTERNAL', 'A ticket given to the store has no id.');
  }
  if (!Number.isInteger(ticket.version)) {
    throw new SwitchboardError('SWB_INTERNAL', `Ticket ${ticket.id} given to the store has no integer version.`);
  }
}

/** The indexed columns of a ticket, in the order the INSERT and UPDATE below use them. */
function columns(ticket: Ticket): unknown[] {
  const row = toRow(ticket, '');
  return [row.id, row.version, row.status, row.group, row.priority, row.channel, row.assignee, row.closed, new Date(row.at).toISOString(), JSON.stringify(ticket)];
}

/**
 * Tickets in PostgreSQL: the document as JSONB plus the columns that queue queries filter and
 * sort on. Writes are single statements, so a resolved promise means committed. Concurrency is
 * optimistic: an update names the version it read, and loses when another writer got there first.
 */
export function createPostgresStore(opts: PostgresStoreOptions): PostgresStore {
  if (!opts.pool && !opts.connectionString) {
    throw new SwitchboardError('SWB_STORE_DATABASE', 'createPostgresStore needs a connectionString (e.g. DATABASE_URL) or a pool.');
  }
  const owned = !opts.pool;
  const pool = opts.pool ?? new pg.Pool({ connectionString: opts.connectionString, max: opts.max ?? 10 });
  if (owned) pool.on('error', () => undefined); // an idle client lost its connection: the next query reconnects
  const n = sqlNames(opts.schema ?? 'switchboard');
  const where = opts.connectionString ? redactUrl(opts.connectionString) : 'the given pool';
  let closed = false;

  return {
    kind: 'postgres',
    pool,
    names: n,
    timers: createPostgresTimers(pool, n),
    async open() {
      await guarded(`migrating schema "${n.schema}" at ${where}`, () => migrate(pool, n));
    },
    async close() {
      if (owned && !closed) {
        closed = true;
        await pool.end();
      }
    },
    async insert(ticket) {
      checkTicket(ticket);
      const res = await guarded('inserting a ticket', () =>
        pool.query(
          `INSERT INTO ${n.tickets} (id, version, status, "group", priority, channel, assignee, closed, created_at, doc)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb) ON CONFLICT (id) DO NOTHING`,
          columns(ticket),
        ),
      );
      if (res.rowCount === 0) {
        throw new SwitchboardError('SWB_STORE_DUPLICATE', `Ticket ${ticket.id} exists already; insert a new id or update it.`, { id: ticket.id });
      }
    },
    async update(ticket, expectedVersion) {
      checkTicket(ticket);
      if (ticket.version !== expectedVersion + 1) {
        throw new SwitchboardError(
          'SWB_INTERNAL',
          `An update of ticket ${ticket.id} from version ${expectedVersion} must carry version ${expectedVersion + 1}, not ${ticket.version}.`,
        );
      }
      const res = await guarded('updating a ticket', () =>
        pool.query(
          `UPDATE ${n.tickets} SET version = $2, status = $3, "group" = $4, priority = $5, channel = $6, assignee = $7,
             closed = $8, created_at = $9, doc = $10::jsonb, updated_at = now()
           WHERE id = $1 AND version = $11`,
          [...columns(ticket), expectedVersion],
        ),
      );
      if (res.rowCount === 1) return;
      const current = await guarded('reading a ticket', () => pool.query<{ version: number }>(`SELECT version FROM ${n.tickets} WHERE id = $1`, [ticket.id]));
      const actual = current.rows[0]?.version;
      if (actual === undefined) {
        throw new SwitchboardError('SWB_TICKET_NOT_FOUND', `Ticket ${ticket.id} does not exist, so it cannot be updated.`, { id: ticket.id });
      }
      throw new SwitchboardError(
        'SWB_STORE_CONFLICT',
        `Ticket ${ticket.id} is at version ${actual}, not ${expectedVersion}: it changed since it was read.`,
        { id: ticket.id, expectedVersion, actualVersion: actual },
      );
    },
    async get(id) {
      const res = await guarded('reading a ticket', () => pool.query<{ doc: Ticket }>(`SELECT doc FROM ${n.tickets} WHERE id = $1`, [id]));
      return res.rows[0]?.doc;
    },
    async list(filter) {
      const q = listQuery(n.tickets, filter);
      const res = await guarded('listing tickets', () => pool.query<{ doc: Ticket }>(q.text, q.values));
      const items = res.rows.slice(0, q.limit).map((r) => r.doc);
      if (res.rows.length <= q.limit) return { items };
      const last = toRow(items[items.length - 1]!, '');
      return { items, nextCursor: encodeCursor({ at: last.at, id: last.id }) };
    },
    async openTickets() {
      const res = await guarded('reading open tickets', () =>
        pool.query<{ doc: Ticket }>(`SELECT doc FROM ${n.tickets} WHERE NOT closed ORDER BY created_at DESC, id DESC`),
      );
      return res.rows.map((r) => r.doc);
    },
    async nextSequence(name) {
      const res = await guarded('counting a sequence', () =>
        pool.query<{ value: string }>(
          `INSERT INTO ${n.sequences} AS s (name, value) VALUES ($1, 1)
           ON CONFLICT (name) DO UPDATE SET value = s.value + 1 RETURNING value`,
          [name],
        ),
      );
      return Number(res.rows[0]!.value);
    },
    async getMeta<T>(key: string) {
      const res = await guarded('reading meta', () => pool.query<{ value: T }>(`SELECT value FROM ${n.meta} WHERE key = $1`, [key]));
      return res.rows[0]?.value;
    },
    async setMeta(key, value) {
      const json = JSON.stringify(value) as string | undefined;
      await guarded('writing meta', () =>
        json === undefined
          ? pool.query(`DELETE FROM ${n.meta} WHERE key = $1`, [key])
          : pool.query(`INSERT INTO ${n.meta} (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [key, json]),
      );
    },
  };
}
