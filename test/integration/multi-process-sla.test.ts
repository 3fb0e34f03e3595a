import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { dropSchema, postgresUrl, uniqueSchema } from '../helpers/postgres.ts';
import { api, collect, socketClient, waitFor } from '../helpers/server.ts';
import { spawnServer, stopServer, type SpawnedServer } from '../helpers/spawn-server.ts';

const url = postgresUrl();
const MIN = 60_000;

/** waitFor with an asynchronous check (a database query). */
async function until(check: () => Promise<boolean>, what: string, ms: number): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!url)('SLA deadlines with two server processes on one PostgreSQL database', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it('a dashboard on B gets each breach of tickets created through A exactly once, also after A died', {
    timeout: 90_000,
  }, async () => {
    const schema = uniqueSchema('slaproc');
    cleanups.push(() => dropSchema(url!, schema));
    const db = new pg.Client({ connectionString: url! });
    await db.connect();
    cleanups.push(() => db.end());
    // both poll the timers table every 200 ms, so both race for every due deadline; a 3 s lease:
    // A may die holding a claim (its ticket's first warning is already due when it is created),
    // which B may take over only when the lease runs out
    const args = ['--database-schema', schema, '--no-watch', '--sla-poll-ms', '200', '--sla-lease-ms', '3000'];
    const spawned: SpawnedServer[] = [];
    cleanups.push(async () => {
      for (const s of spawned) await stopServer(s, 'SIGKILL');
    });
    const a = await spawnServer(args, { DATABASE_URL: url! });
    spawned.push(a);
    const b = await spawnServer(args, { DATABASE_URL: url! });
    spawned.push(b);

    const onB = await socketClient(b.url);
    cleanups.push(async () => void onB.close());
    const breached = collect(onB, 'sla.breached');
    const created = collect(onB, 'ticket.created');
    const firstResponseBreaches = (id: string) =>
      breached.filter((e) => e.ticket.id === id && e.timer === 'firstResponse').length;
    const create = async (server: SpawnedServer, createdAt?: Date) => {
      // phone, P2: first response within 30 minutes, around the clock
      const res = await api(server.url, 'POST', '/api/tickets', {
        channel: 'phone',
        subject: 'Where is the campaign page?',
        customer: { id: 'C9' },
        ...(createdAt ? { createdAt: createdAt.toISOString() } : {}),
      });
      expect(res.status).toBe(201);
      return res.body as { id: string; sla: { firstResponse: { dueAt: string } } };
    };
    /** Nothing of these tickets is due or being stepped in any process, and both processes' events so far reached B's socket. */
    const settled = async (ids: string[], via: SpawnedServer[]) => {
      const busy = `SELECT 1 FROM "${schema}".timers WHERE ticket_id = ANY($1) AND (due_at <= now() OR claimed_by IS NOT NULL)`;
      await until(
        async () => (await db.query(busy, [ids])).rowCount === 0,
        'no deadline of these tickets due or claimed',
        10_000,
      );
      for (const server of via) {
        const sentinel = await create(server);
        await waitFor(() => created.some((e) => e.ticket.id === sentinel.id), 'sentinel ticket.created on B', 15_000);
      }
    };

    // the cluster adapters carry A's events to B's socket
    const probe = await create(a);
    await waitFor(() => created.some((e) => e.ticket.id === probe.id), 'ticket.created from A on B', 15_000);

    // 1. both alive: five tickets through A whose first response was due half an hour ago
    const overdue: Awaited<ReturnType<typeof create>>[] = [];
    for (let i = 0; i < 5; i++) overdue.push(await create(a, new Date(Date.now() - 60 * MIN)));
    for (const t of overdue) expect(Date.parse(t.sla.firstResponse.dueAt)).toBeLessThan(Date.now());
    await waitFor(() => overdue.every((t) => firstResponseBreaches(t.id) >= 1), 'five breaches on B', 15_000);
    await settled(
      overdue.map((t) => t.id),
      [a, b],
    );
    expect(overdue.map((t) => firstResponseBreaches(t.id))).toEqual([1, 1, 1, 1, 1]);

    // 2. A dies after arming a deadline that comes due 4 s later: B fires it
    const soon = await create(a, new Date(Date.now() - 30 * MIN + 4000));
    const dueAt = Date.parse(soon.sla.firstResponse.dueAt);
    expect(dueAt).toBeGreaterThan(Date.now());
    await until(
      async () => (await db.query(`SELECT 1 FROM "${schema}".timers WHERE ticket_id = $1`, [soon.id])).rowCount === 1,
      'A writing the deadline',
      5000,
    );
    await stopServer(a, 'SIGKILL');
    expect(firstResponseBreaches(soon.id)).toBe(0);
    await waitFor(() => firstResponseBreaches(soon.id) >= 1, 'the breach from B', 20_000).catch(
      async (err: unknown) => {
        const rows = await db.query(`SELECT * FROM "${schema}".timers WHERE ticket_id = $1`, [soon.id]);
        throw new Error(
          `${String(err)}; B's log:\n${b.stderr().slice(-3000)}\ntimer row: ${JSON.stringify(rows.rows)}; now ${new Date().toISOString()}`,
        );
      },
    );
    expect(Date.now()).toBeGreaterThanOrEqual(dueAt);
    await settled([soon.id], [b]);
    expect(firstResponseBreaches(soon.id)).toBe(1);
    const stored = await api(b.url, 'GET', `/api/tickets/${soon.id}`);
    expect(stored.body.sla.firstResponse.state).toBe('breached');
  });
});
