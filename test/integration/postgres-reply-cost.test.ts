import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { dropSchema, postgresUrl, uniqueSchema } from '../helpers/postgres.ts';
import { api, collect, socketClient, startTestServer, waitFor } from '../helpers/server.ts';

const url = postgresUrl();

/** Text that does not compress, so sizes on disk are the sizes written. */
const noise = (chars: number) =>
  randomBytes(Math.ceil((chars * 3) / 4))
    .toString('base64')
    .slice(0, chars);

/** Bytes of each table of the schema (with its TOAST table and indexes). */
async function tableBytes(client: pg.Client, schema: string): Promise<Record<string, number>> {
  const res = await client.query<{ relname: string; bytes: string }>(
    `SELECT c.relname, pg_total_relation_size(c.oid)::text AS bytes FROM pg_class c
     JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = $1 AND c.relkind = 'r'`,
    [schema],
  );
  return Object.fromEntries(res.rows.map((r) => [r.relname, Number(r.bytes)]));
}

describe.skipIf(!url)('replies through the API on PostgreSQL store what they add', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it('200 replies on a 100 KB ticket, from two processes, grow the store by about the replies, and both serve the whole ticket', async () => {
    const schema = uniqueSchema('replycost');
    cleanups.push(() => dropSchema(url!, schema));
    const a = await startTestServer({ dataDir: '/nonexistent', databaseUrl: url!, databaseSchema: schema });
    cleanups.push(() => a.close());
    const b = await startTestServer({ dataDir: '/nonexistent', databaseUrl: url!, databaseSchema: schema });
    cleanups.push(() => b.close());
    const client = new pg.Client({ connectionString: url! });
    await client.connect();
    cleanups.push(() => client.end());

    const created = await api(a.url, 'POST', '/api/tickets', {
      channel: 'email',
      subject: 'Export fails',
      description: noise(60_000),
      customer: { id: 'C1' },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const reply = (chars: number) => ({ body: noise(chars), author: { type: 'customer', id: 'C1' } });
    for (let i = 0; i < 40; i++)
      expect((await api(a.url, 'POST', `/api/tickets/${id}/replies`, reply(1_000))).status).toBe(201);
    const ticket = (await api(b.url, 'GET', `/api/tickets/${id}`)).body;
    expect(JSON.stringify(ticket).length).toBeGreaterThan(100_000);

    // no vacuum from here: what the tables grow by is every row version written
    for (const table of Object.keys(await tableBytes(client, schema)))
      await client.query(
        `ALTER TABLE "${schema}"."${table}" SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)`,
      );
    // a dashboard on B sees A's replies with the whole ticket (read from the store by reference)
    const socket = await socketClient(b.url);
    cleanups.push(async () => void socket.close());
    const replied = collect(socket, 'ticket.replied');
    const before = await tableBytes(client, schema);
    for (let i = 0; i < 200; i++) {
      const via = i % 2 === 0 ? a : b; // both processes write the ticket in turn
      expect((await api(via.url, 'POST', `/api/tickets/${id}/replies`, reply(500))).status).toBe(201);
    }
    const after = await tableBytes(client, schema);
    // every table: tickets, their lists, timers, audit, and socket_io_attachments (messages
    // between the processes too large for NOTIFY; a large ticket travels by reference)
    const stored = Object.keys(after);
    expect(stored).toEqual(expect.arrayContaining(['tickets', 'ticket_replies', 'ticket_history', 'audit', 'timers']));
    const total = stored.reduce((sum, t) => sum + after[t]! - (before[t] ?? 0), 0);

    // 100 KB of reply text; storing the whole ticket on each reply would be 20+ MB
    expect(total).toBeGreaterThan(100_000);
    expect(total).toBeLessThan(3_000_000);
    await waitFor(() => replied.length >= 200, 'ticket.replied on B for every reply', 30_000);
    const lastFromA = replied.filter((e) => e.ticket?.replies?.length === 239);
    expect(lastFromA).toHaveLength(1);
    expect(lastFromA[0].ticket.description).toBe(ticket.description);
    const onB = (await api(b.url, 'GET', `/api/tickets/${id}`)).body;
    const onA = (await api(a.url, 'GET', `/api/tickets/${id}`)).body;
    expect(onB.replies).toHaveLength(240);
    expect(onB.description).toBe(ticket.description);
    expect(onA).toEqual(onB);
  });
});
