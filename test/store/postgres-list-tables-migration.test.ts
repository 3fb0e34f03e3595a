import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Ticket } from '../../src/core/model/ticket.ts';
import { createPostgresStore } from '../../src/postgres/index.ts';
import { migrations } from '../../src/postgres/migrations.ts';
import { sqlNames } from '../../src/postgres/sql-names.ts';
import { dropSchema, postgresUrl, uniqueSchema } from '../helpers/postgres.ts';
import { makeTicket } from '../helpers/ticket-fixture.ts';

const url = postgresUrl();

/** A database as the store left it before the lists moved out: migrations 1–6, whole tickets in `doc`. */
async function oldSchemaWith(schema: string, tickets: Ticket[]): Promise<void> {
  const n = sqlNames(schema);
  const client = new pg.Client({ connectionString: url! });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA "${schema}"`);
    await client.query(
      `CREATE TABLE ${n.migrations} (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    for (const m of migrations.filter((m) => m.id <= 6)) {
      await client.query(m.sql(n));
      await client.query(`INSERT INTO ${n.migrations} (id, name) VALUES ($1, $2)`, [m.id, m.name]);
    }
    for (const t of tickets)
      await client.query(
        `INSERT INTO ${n.tickets} (id, version, status, "group", priority, channel, assignee, closed, created_at, doc)
         VALUES ($1, $2, $3, $4, $5, $6, $7, false, $8, $9)`,
        [t.id, t.version, t.status, t.group, t.priority, t.channel, t.assignee, t.createdAt, JSON.stringify(t)],
      );
  } finally {
    await client.end();
  }
}

const reply = (i: number) => ({
  id: `r${i}`,
  author: { type: 'agent' as const, id: 'a1' },
  body: `answer ${i}`,
  at: new Date(Date.UTC(2026, 0, 5, 10, i)).toISOString(),
});

describe.skipIf(!url)('PostgreSQL migration 7: lists move to child tables', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it('moves the lists of tickets stored whole and serves every ticket exactly as before', async () => {
    const schema = uniqueSchema('mig7');
    cleanups.push(() => dropSchema(url!, schema));
    const old = [
      makeTicket({
        id: 'with-all',
        version: 4,
        createdAt: '2026-01-05T09:00:00.000Z',
        replies: [reply(0), reply(1), reply(2)],
        tasks: [{ id: 'k1', name: 'call back', dueAt: '2026-01-06T09:00:00.000Z', state: 'open' }],
        history: [
          { at: '2026-01-05T09:00:00.000Z', actor: 'system', type: 'created' },
          { at: '2026-01-05T10:00:00.000Z', actor: 'agent:a1', type: 'replied', changes: { status: ['new', 'open'] } },
        ],
      }),
      makeTicket({ id: 'bare', createdAt: '2026-01-04T09:00:00.000Z', fields: {}, history: [] }),
      makeTicket({ id: 'no-description', createdAt: '2026-01-03T09:00:00.000Z', description: undefined }),
    ];
    delete old[2]!.description;
    await oldSchemaWith(schema, old);

    const store = createPostgresStore({ connectionString: url!, schema, max: 2 });
    await store.open();
    cleanups.push(() => store.close());
    for (const t of old) expect(await store.get(t.id)).toEqual(t);
    expect((await store.list()).items).toEqual(old);

    const rows = await store.pool.query<{ id: string; replies: unknown; body: Record<string, unknown> }>(
      `SELECT id, doc->'replies' AS replies, body FROM ${store.names.tickets} ORDER BY id`,
    );
    expect(rows.rows.map((r) => [r.id, r.replies, Object.keys(r.body).sort()])).toEqual([
      ['bare', 0, ['customer', 'description', 'fields', 'scripts']],
      ['no-description', 0, ['customer', 'fields', 'scripts']],
      ['with-all', 3, ['customer', 'description', 'fields', 'scripts']],
    ]);
    const count = async (table: string) =>
      Number((await store.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`)).rows[0]!.n);
    expect(await count(store.names.lists.replies)).toBe(3);
    expect(await count(store.names.lists.history)).toBe(3);
    expect(await count(store.names.lists.tasks)).toBe(1);

    // a migrated ticket takes changes like any other: a reply is one more row
    const t = (await store.get('with-all'))!;
    const next = { ...t, version: t.version + 1, replies: [...t.replies, reply(3)] };
    await store.update(next, t.version);
    expect(await store.get('with-all')).toEqual(next);
    expect(await count(store.names.lists.replies)).toBe(4);
  });

  it('reads a ticket a process of the older layout wrote whole, and splits it on its next change', async () => {
    const schema = uniqueSchema('mig7');
    cleanups.push(() => dropSchema(url!, schema));
    const store = createPostgresStore({ connectionString: url!, schema, max: 2 });
    await store.open();
    cleanups.push(() => store.close());
    const t = makeTicket({ id: 'x', replies: [reply(0)] });
    await store.insert(t);
    // an older process overwrites the row with the whole ticket in doc
    const whole = { ...t, version: 2, replies: [reply(0), reply(1)] };
    await store.pool.query(`UPDATE ${store.names.tickets} SET version = 2, doc = $1 WHERE id = 'x'`, [
      JSON.stringify(whole),
    ]);
    expect(await store.get('x')).toEqual(whole);
    const next = { ...whole, version: 3, replies: [...whole.replies, reply(2)] };
    await store.update(next, 2);
    expect(await store.get('x')).toEqual(next);
    const doc = await store.pool.query(`SELECT doc->'replies' AS r FROM ${store.names.tickets}`);
    expect(doc.rows[0].r).toBe(3);
  });
});
