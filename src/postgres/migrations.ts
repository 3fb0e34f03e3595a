import type { Pool } from 'pg';
import type { SqlNames } from './sql-names.ts';

export interface Migration {
  id: number;
  name: string;
  sql: (n: SqlNames) => string;
}

/**
 * Ordered and append-only: a released migration never changes; a new change is a new entry.
 * Ids in `migrations` say which ran, so running them again is a no-op.
 */
export const migrations: Migration[] = [
  {
    id: 1,
    name: 'tickets, sequences, meta',
    sql: (n) => `
      CREATE TABLE ${n.tickets} (
        id text COLLATE "C" PRIMARY KEY,
        version integer NOT NULL,
        status text NOT NULL,
        "group" text NOT NULL,
        priority text NOT NULL,
        channel text NOT NULL,
        assignee text,
        closed boolean NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        doc jsonb NOT NULL
      );
      -- the list order (newest first, id as tie-break) and its keyset cursor
      CREATE INDEX tickets_order ON ${n.tickets} (created_at DESC, id DESC);
      -- agent queues: status / group / priority filters in list order
      CREATE INDEX tickets_queue ON ${n.tickets} (status, "group", priority, created_at DESC, id DESC);
      CREATE INDEX tickets_group ON ${n.tickets} ("group", created_at DESC, id DESC);
      CREATE INDEX tickets_assignee ON ${n.tickets} (assignee, created_at DESC, id DESC) WHERE assignee IS NOT NULL;
      CREATE INDEX tickets_open ON ${n.tickets} (created_at DESC, id DESC) WHERE NOT closed;
      CREATE TABLE ${n.sequences} (name text PRIMARY KEY, value bigint NOT NULL);
      CREATE TABLE ${n.meta} (key text PRIMARY KEY, value jsonb NOT NULL);`,
  },
  {
    id: 2,
    name: 'timers',
    sql: (n) => `
      CREATE TABLE ${n.timers} (
        ticket_id text NOT NULL,
        kind text NOT NULL,
        due_at timestamptz NOT NULL,
        claimed_by text,
        lease_until timestamptz,
        PRIMARY KEY (ticket_id, kind)
      );
      CREATE INDEX timers_due ON ${n.timers} (due_at);`,
  },
  {
    id: 3,
    name: 'socket.io adapter attachments',
    // the table @socket.io/postgres-adapter writes payloads over 8 KB to
    sql: (n) => `
      CREATE TABLE ${n.attachments} (
        id bigserial UNIQUE,
        created_at timestamptz DEFAULT now(),
        payload bytea
      );`,
  },
  {
    id: 4,
    name: 'timers carry the ticket version they were computed from',
    // arms that land out of order (two processes writing one ticket) never move a deadline back
    sql: (n) => `ALTER TABLE ${n.timers} ADD COLUMN ticket_version integer;`,
  },
  {
    id: 5,
    name: 'access tokens shared by all processes',
    // records hold the secret's SHA-256, never the secret (src/api/auth/token-store.ts)
    sql: (n) => `
      CREATE TABLE ${n.tokens} (
        id text PRIMARY KEY,
        record jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );`,
  },
  {
    id: 6,
    name: 'audit log shared by all processes',
    sql: (n) => `
      CREATE TABLE ${n.audit} (
        seq bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        ticket_id text,
        entry jsonb NOT NULL
      );
      CREATE INDEX audit_at ON ${n.audit} (at, seq);
      CREATE INDEX audit_ticket ON ${n.audit} (ticket_id, at, seq) WHERE ticket_id IS NOT NULL;`,
  },
  {
    id: 7,
    name: 'growing lists in child tables, large members in a body column',
    // the layout of ticket-layout.ts, spelled out here so this entry never changes; existing
    // tickets are moved over in place
    sql: (n) => `
      ALTER TABLE ${n.tickets} ADD COLUMN body jsonb, ADD COLUMN body_hash text;
      ${(['replies', 'history', 'tasks'] as const)
        .map(
          (list) => `
      CREATE TABLE ${n.lists[list]} (
        ticket_id text COLLATE "C" NOT NULL,
        seq integer NOT NULL,
        doc jsonb NOT NULL,
        PRIMARY KEY (ticket_id, seq)
      );
      INSERT INTO ${n.lists[list]} (ticket_id, seq, doc)
        SELECT t.id, e.i - 1, e.v FROM ${n.tickets} t
        CROSS JOIN LATERAL jsonb_array_elements(t.doc->'${list}') WITH ORDINALITY AS e(v, i)
        WHERE jsonb_typeof(t.doc->'replies') = 'array' AND jsonb_typeof(t.doc->'${list}') = 'array';`,
        )
        .join('')}
      UPDATE ${n.tickets} t SET
        body = (SELECT coalesce(jsonb_object_agg(key, value), '{}') FROM jsonb_each(t.doc)
                WHERE key IN ('description', 'customer', 'fields', 'scripts')),
        doc = (t.doc - '{description,customer,fields,scripts}'::text[])
          || (SELECT coalesce(jsonb_object_agg(key, jsonb_array_length(value)), '{}') FROM jsonb_each(t.doc)
              WHERE key IN ('replies', 'history', 'tasks') AND jsonb_typeof(value) = 'array')
      WHERE jsonb_typeof(t.doc->'replies') = 'array';`,
  },
  {
    id: 8,
    name: 'saved views (metrics aggregates, task index)',
    // part 0 is the head (format, line count, checksum); parts 1.. hold the lines, in order
    sql: (n) => `
      CREATE TABLE ${n.savedViews} (part integer PRIMARY KEY, body text NOT NULL);`,
  },
];

/**
 * Brings the schema up to date in one transaction. An advisory lock keyed by the schema makes
 * processes that boot together take turns: the first migrates, the others find nothing to do.
 */
export async function migrate(pool: Pool, n: SqlNames): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`switchboard:migrate:${n.schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${n.schema}"`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${n.migrations} (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set((await client.query<{ id: number }>(`SELECT id FROM ${n.migrations}`)).rows.map((r) => r.id));
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
      if (done.has(m.id)) continue;
      await client.query(m.sql(n));
      await client.query(`INSERT INTO ${n.migrations} (id, name) VALUES ($1, $2)`, [m.id, m.name]);
      applied.push(m.id);
    }
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
