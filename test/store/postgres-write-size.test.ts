import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ticket, TicketTask } from '../../src/core/model/ticket.ts';
import { createPostgresStore, type PostgresStore } from '../../src/postgres/index.ts';
import { dropSchema, postgresUrl, uniqueSchema } from '../helpers/postgres.ts';
import { makeTicket } from '../helpers/ticket-fixture.ts';

const url = postgresUrl();

/** Text that does not compress, so sizes on disk are the sizes written. */
const noise = (chars: number) =>
  randomBytes(Math.ceil((chars * 3) / 4))
    .toString('base64')
    .slice(0, chars);

/** A ticket of about 100 KB: a 60 KB description and 40 replies of 1 KB. */
function bigTicket(id: string): Ticket {
  return makeTicket({
    id,
    description: noise(60_000),
    replies: Array.from({ length: 40 }, (_, i) => ({
      id: `r${i}`,
      author: { type: 'customer' as const, id: 'cus_1' },
      body: noise(1_000),
      at: new Date(Date.UTC(2026, 0, 5, 9, i)).toISOString(),
    })),
  });
}

/** What the service does for a reply: the stored ticket with one more reply and history entry. */
function withReply(t: Ticket, n: number): Ticket {
  const at = new Date(Date.UTC(2026, 0, 6, 0, 0, n)).toISOString();
  return {
    ...t,
    version: t.version + 1,
    updatedAt: at,
    status: n % 2 === 0 ? 'open' : 'pending',
    replies: [...t.replies, { id: `n${n}`, author: { type: 'agent', id: 'a1' }, body: noise(500), at }],
    history: [...t.history, { at, actor: 'agent:a1', type: 'replied' }],
  };
}

/** Bytes of every table of the schema with its TOAST table and indexes. */
async function schemaBytes(store: PostgresStore): Promise<number> {
  const res = await store.pool.query<{ bytes: string }>(
    `SELECT sum(pg_total_relation_size(c.oid))::text AS bytes FROM pg_class c
     JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = $1 AND c.relkind = 'r'`,
    [store.names.schema],
  );
  return Number(res.rows[0]!.bytes);
}

/** Keeps every row version written: with no vacuum, growth of the tables is what was written. */
async function keepDeadRows(store: PostgresStore): Promise<void> {
  const tables = await store.pool.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = $1 AND c.relkind = 'r'`,
    [store.names.schema],
  );
  for (const { relname } of tables.rows)
    await store.pool.query(
      `ALTER TABLE "${store.names.schema}"."${relname}" SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)`,
    );
}

describe.skipIf(!url)('PostgreSQL writes cost what changed', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  async function openStore(schema = uniqueSchema('size')): Promise<PostgresStore> {
    if (!cleanups.some((c) => (c as { schema?: string }).schema === schema)) {
      const drop = Object.assign(() => dropSchema(url!, schema), { schema });
      cleanups.unshift(drop);
    }
    const store = createPostgresStore({ connectionString: url!, schema, max: 2 });
    await store.open();
    cleanups.push(() => store.close());
    return store;
  }

  it('200 replies on a 100 KB ticket write about the replies, not 200 copies of the ticket', async () => {
    const store = await openStore();
    await keepDeadRows(store);
    const first = bigTicket('big');
    expect(JSON.stringify(first).length).toBeGreaterThan(100_000);
    await store.insert(first);
    const before = await schemaBytes(store);

    let expected = first;
    for (let n = 0; n < 200; n++) {
      const stored = (await store.get('big'))!; // read, change, write: as the ticket service does
      expected = withReply(stored, n);
      await store.update(expected, stored.version);
    }
    const grown = await schemaBytes(store);

    // 200 replies of 500 characters are 100 KB of text; writing the whole ticket each time would be 20+ MB
    const added = grown - before;
    expect(added).toBeGreaterThan(100_000);
    expect(added).toBeLessThan(1_500_000);
    const back = await store.get('big');
    expect(back).toEqual(expected);
    expect(back!.replies).toHaveLength(240);
  });

  it('rewrites a changed body or list element, keeps the rest, and reads every change back whole', async () => {
    const store = await openStore();
    const task = (id: string, state: TicketTask['state']): TicketTask => ({
      id,
      name: `call ${id}`,
      dueAt: '2026-01-06T09:00:00.000Z',
      state,
    });
    let t: Ticket = { ...bigTicket('edit'), tasks: [task('k1', 'open'), task('k2', 'open'), task('k3', 'open')] };
    await store.insert(t);
    const steps: ((t: Ticket) => Partial<Ticket>)[] = [
      (t) => ({ tasks: t.tasks!.map((k) => (k.id === 'k2' ? { ...k, state: 'done' as const } : k)) }), // one in the middle
      (t) => ({ tasks: t.tasks!.slice(0, 1) }), // shorter
      () => ({ tasks: undefined }), // gone
      () => ({ description: 'now short' }), // the body changes
      (t) => ({ customer: { ...t.customer, name: 'Ada King' }, fields: { product: 'billing' } }),
      (t) => ({ replies: t.replies.slice(1), history: [] }), // lists lose their first element
    ];
    // the transaction that wrote each task row: a row rewritten gets a new one
    const taskWriters = async () =>
      (
        await store.pool.query<{ x: string }>(
          `SELECT xmin::text AS x FROM ${store.names.lists.tasks} WHERE ticket_id = 'edit' ORDER BY seq`,
        )
      ).rows.map((r) => r.x);
    const written = await taskWriters();
    for (const [i, step] of steps.entries()) {
      const stored = (await store.get('edit'))!;
      t = { ...stored, ...step(stored), version: stored.version + 1 };
      if (t.tasks === undefined) delete t.tasks;
      await store.update(t, stored.version);
      expect(await store.get('edit')).toEqual(t);
      if (i === 0) {
        const now = await taskWriters();
        expect([now[0] === written[0], now[1] === written[1], now[2] === written[2]]).toEqual([true, false, true]);
      }
    }
    // an update built from a ticket this process never read or wrote is stored whole
    const other = await openStore(store.names.schema);
    const fresh = makeTicket({ id: 'edit', version: t.version + 1, subject: 'rebuilt' });
    await other.update(fresh, t.version);
    expect(await store.get('edit')).toEqual(fresh);
    const children = await store.pool.query<{ n: string }>(
      `SELECT (SELECT count(*) FROM ${store.names.lists.replies} WHERE ticket_id = 'edit')::text AS n`,
    );
    expect(children.rows[0]!.n).toBe('0');
  });

  it('shows another process the whole ticket, by id, in lists and in the change feed', async () => {
    const writer = await openStore();
    const reader = await openStore(writer.names.schema);
    const mark = await reader.cluster.changes.mark();
    await writer.insert(bigTicket('shared'));
    let t = (await writer.get('shared'))!;
    for (let n = 0; n < 5; n++) {
      const next = withReply(t, n);
      await writer.update(next, t.version);
      t = next;
    }
    expect(await reader.get('shared')).toEqual(t);
    expect((await reader.list({ limit: 10 })).items).toEqual([t]);
    expect(await reader.openTickets()).toEqual([t]);
    const seen: Ticket[] = [];
    for await (const page of reader.cluster.changes.since(mark)) seen.push(...page);
    expect(seen).toEqual([t]);
    // and the reader's own update from what it read writes only its change
    const next = withReply((await reader.get('shared'))!, 99);
    await reader.update(next, t.version);
    expect(await writer.get('shared')).toEqual(next);
  });
});
