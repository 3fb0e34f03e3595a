import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterAdapterWithHeartbeat } from 'socket.io-adapter';
import type { Socket } from 'socket.io-client';
import type { RunningServer } from '../../src/switchboard/server.ts';
import { dropSchema, postgresUrl, uniqueSchema } from '../helpers/postgres.ts';
import { createSwitchboard } from '../../src/switchboard/create-switchboard.ts';
import { startServer } from '../../src/switchboard/server.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';
import { api, collect, socketClient, startTestServer, tempDir, testAdminToken, waitFor } from '../helpers/server.ts';

const url = postgresUrl();

/** How many runtime processes this server's socket.io adapter knows of (itself included). */
const serverCount = (s: RunningServer) =>
  (s.io.of('/').adapter as unknown as ClusterAdapterWithHeartbeat).serverCount();

describe.skipIf(!url)('several runtime processes on one PostgreSQL database', () => {
  const cleanups: (() => Promise<void>)[] = [];
  const scratchDir = async () => {
    const t = await tempDir();
    cleanups.push(t.remove);
    return t;
  };
  /** A fresh schema, dropped after the test. */
  const freshSchema = (prefix: string) => {
    const schema = uniqueSchema(prefix);
    cleanups.push(() => dropSchema(url!, schema));
    return schema;
  };
  /** One runtime process on the schema: its own pool and port (closed after the test). */
  const serverOn = async (schema: string, dataDir = '/nonexistent') => {
    const s = await startTestServer({ dataDir, databaseUrl: url!, databaseSchema: schema });
    cleanups.push(() => s.close());
    return s;
  };
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it('delivers a ticket created through process A to a dashboard connected to process B, and back', async () => {
    const schema = freshSchema('multi');
    // two servers, two pools, two ports: they share nothing but the database
    const a = await serverOn(schema);
    const b = await serverOn(schema);
    expect(a.port).not.toBe(b.port);
    expect((await api(a.url, 'GET', '/api/health')).body.store).toBe('postgres');

    // the adapters find each other through heartbeats over LISTEN/NOTIFY (every 5 s)
    let counts = [0, 0];
    for (let i = 0; i < 200 && !(counts[0] === 2 && counts[1] === 2); i++) {
      counts = [await serverCount(a), await serverCount(b)];
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(counts).toEqual([2, 2]);

    const onB: Socket = await socketClient(b.url);
    const onA: Socket = await socketClient(a.url);
    cleanups.push(async () => {
      onA.close();
      onB.close();
    });
    const createdOnB = collect(onB, 'ticket.created');
    const createdOnA = collect(onA, 'ticket.created');

    const viaA = await api(a.url, 'POST', '/api/tickets', {
      channel: 'phone',
      subject: '支付失败,无法下单',
      customer: { id: 'C1', tier: 'vip' },
    });
    expect(viaA.status).toBe(201);
    await waitFor(() => createdOnB.length === 1, 'ticket.created on B', 30_000);
    // a full ticket is over the adapter's 8 KB notify limit or not: either way it arrives whole
    expect(createdOnB[0].ticket).toEqual(viaA.body);

    const viaB = await api(b.url, 'POST', '/api/tickets', {
      channel: 'email',
      subject: 'How do I register an account?',
      customer: { id: 'C2' },
    });
    expect(viaB.status).toBe(201);
    await waitFor(() => createdOnA.length === 2, 'both tickets on A', 30_000);
    expect(createdOnA.map((e) => e.ticket.id)).toEqual([viaA.body.id, viaB.body.id]);
    await waitFor(() => createdOnB.length === 2, 'B also gets its own ticket', 30_000);
    expect(createdOnB.filter((e) => e.ticket.id === viaB.body.id)).toHaveLength(1);

    // one database: B reads and changes what A created, and sequences do not collide
    expect((await api(b.url, 'GET', `/api/tickets/${viaA.body.id}`)).body).toEqual(viaA.body);
    expect(viaA.body.number).not.toBe(viaB.body.number);
  });

  it('sends events through the database only while another process listens', async () => {
    const schema = freshSchema('alone');
    const a = await serverOn(schema);
    // what the database carries on the adapter's channel, seen by a plain LISTEN
    const listener = new pg.Client({ connectionString: url! });
    await listener.connect();
    cleanups.push(() => listener.end());
    const carried: string[] = [];
    listener.on('notification', (n) => {
      if (n.payload?.includes('swb:events')) carried.push(n.payload);
    });
    await listener.query(`LISTEN "swb:${schema}#/"`);

    const alone: string[] = [];
    for (let i = 0; i < 3; i++)
      alone.push(
        (
          await api(a.url, 'POST', '/api/tickets', {
            channel: 'email',
            subject: `alone ${i}`,
            customer: { id: `C${i}` },
          })
        ).body.id,
      );
    expect(await serverCount(a)).toBe(1);

    const b = await serverOn(schema);
    // B announces itself when its adapter starts
    await eventually(async () => (await serverCount(a)) === 2, 'A hears of B');
    const onB: Socket = await socketClient(b.url);
    cleanups.push(async () => {
      onB.close();
    });
    const createdOnB = collect(onB, 'ticket.created');
    const shared = await api(a.url, 'POST', '/api/tickets', {
      channel: 'email',
      subject: 'with a peer',
      customer: { id: 'C9' },
    });
    await waitFor(() => createdOnB.length === 1, 'ticket.created on B', 30_000);
    expect(createdOnB[0].ticket.id).toBe(shared.body.id);
    await waitFor(() => carried.some((p) => p.includes(shared.body.id)), 'the pack on the channel', 30_000);
    // NOTIFY keeps commit order: had the tickets created alone been sent, they would come first
    expect(carried.some((p) => alone.some((id) => p.includes(id)))).toBe(false);
    expect(carried[0]).toContain(shared.body.id);
  });

  it("counts the other process's assignments, presence changes and tickets in its own routing and metrics", async () => {
    const schema = freshSchema('views');
    const a = await serverOn(schema);
    const b = await serverOn(schema);
    await eventually(
      async () => (await serverCount(a)) === 2 && (await serverCount(b)) === 2,
      'the processes know each other',
    );

    const agentOnB = async (id: string) =>
      (
        (await api(b.url, 'GET', '/api/agents')).body.items as {
          id: string;
          presence: string;
          load: { total: number };
        }[]
      ).find((x) => x.id === id)!;
    expect((await agentOnB('wu')).presence).toBe('online');
    expect((await api(a.url, 'PUT', '/api/agents/wu/presence', { status: 'offline' })).status).toBe(200);
    await eventually(async () => (await agentOnB('wu')).presence === 'offline', 'wu offline on B as well');

    // a refund is reviewed by returns-review (wu and ma); with wu offline A gives the ticket to ma, and B counts it
    const created = await api(a.url, 'POST', '/api/tickets', {
      channel: 'email',
      subject: 'Refund for order 7781',
      customer: { id: 'C1' },
    });
    expect(created.status).toBe(201);
    expect(created.body.assignee).toBe('ma');
    await eventually(async () => (await agentOnB('ma')).load.total === 1, "ma's load on B");
    await eventually(
      async () => (await api(b.url, 'GET', '/api/metrics')).body.totals.tickets === 1,
      "the ticket in B's metrics",
    );

    // a change made on B comes back to A the same way: closing it frees ma on A
    const id = created.body.id as string;
    const closed = await api(b.url, 'POST', `/api/tickets/${id}/status`, { status: 'closed' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    const agentOnA = async (who: string) =>
      ((await api(a.url, 'GET', '/api/agents')).body.items as { id: string; load: { total: number } }[]).find(
        (x) => x.id === who,
      )!;
    await eventually(async () => (await agentOnA('ma')).load.total === 0, 'ma free again on A');
  });

  it('a token made through one process works on the other, once revoked is refused by both, and both write one audit log', async () => {
    const schema = freshSchema('tokens');
    const a = await serverOn(schema, (await scratchDir()).dir);
    const b = await serverOn(schema, (await scratchDir()).dir);

    const made = await api(a.url, 'POST', '/api/tokens', { name: 'wallboard', role: 'viewer' });
    expect(made.status).toBe(201);
    const secret = made.body.token as string;
    expect((await api(a.url, 'GET', '/api/tickets', undefined, secret)).status).toBe(200);
    // each process re-reads the shared tokens within a second of a change
    await eventually(
      async () => (await api(b.url, 'GET', '/api/tickets', undefined, secret)).status === 200,
      'the token accepted by B',
    );
    expect((await api(b.url, 'GET', '/api/tokens')).body.items.map((t: { id: string }) => t.id)).toContain(
      made.body.id,
    );

    expect((await api(a.url, 'DELETE', `/api/tokens/${made.body.id}`)).status).toBe(200);
    expect((await api(a.url, 'GET', '/api/tickets', undefined, secret)).status).toBe(401);
    await eventually(
      async () => (await api(b.url, 'GET', '/api/tickets', undefined, secret)).status === 401,
      'the revoked token refused by B',
    );

    // one audit log: what either process did, read through either, in time order
    const viaB = await api(b.url, 'POST', '/api/tickets', {
      channel: 'email',
      subject: 'audited on B',
      customer: { id: 'C7' },
    });
    expect(viaB.status).toBe(201);
    const operations = async (url: string) =>
      ((await api(url, 'GET', '/api/audit?limit=1000')).body.items as { operation: string }[]).map((e) => e.operation);
    await eventually(
      async () => (await operations(a.url)).join() === 'createToken,revokeToken,createTicket',
      "A's audit log has B's entry",
    );
    expect(await operations(b.url)).toEqual(['createToken', 'revokeToken', 'createTicket']);
    const aboutTicket = (await api(a.url, 'GET', `/api/audit?ticket=${viaB.body.id}`)).body.items as {
      operation: string;
      ticketId: string;
    }[];
    expect(aboutTicket).toEqual([expect.objectContaining({ operation: 'createTicket', ticketId: viaB.body.id })]);
    // the audit log pages with `next`
    const first = (await api(b.url, 'GET', '/api/audit?limit=2')).body;
    expect(first.items).toHaveLength(2);
    const rest = (await api(b.url, 'GET', `/api/audit?limit=2&since=${encodeURIComponent(first.next)}`)).body;
    expect(rest.items.map((e: { operation: string }) => e.operation)).toEqual(['createTicket']);
  });

  it('a process that joins catches up with what the others changed between its start-up reads and their first forwarded event', async () => {
    const schema = freshSchema('join');
    const a = await serverOn(schema);
    // B reads the store to build its views, but has not announced itself yet (no socket.io server)
    const sbB = await createSwitchboard({
      logger: silentLogger,
      dataDir: '/nonexistent',
      databaseUrl: url!,
      databaseSchema: schema,
      security: { adminToken: testAdminToken, rateLimitPerMinute: 0, env: {} },
    });
    // meanwhile A, alone as far as it knows, writes and forwards nothing
    const created = await api(a.url, 'POST', '/api/tickets', {
      channel: 'email',
      subject: 'Refund for order 7781',
      customer: { id: 'C1' },
    });
    expect(created.status).toBe(201);
    const assignee = created.body.assignee as string;
    expect(sbB.routing.agents().find((x) => x.id === assignee)!.load.total).toBe(0);

    const b = await startServer(sbB, { port: 0, host: '127.0.0.1', logger: silentLogger });
    cleanups.push(() => b.close());
    const bUrl = `http://127.0.0.1:${b.port}`;
    await eventually(
      async () => (await api(bUrl, 'GET', '/api/metrics')).body.totals.tickets === 1,
      "the ticket in B's metrics",
    );
    const onB = ((await api(bUrl, 'GET', '/api/agents')).body.items as { id: string; load: { total: number } }[]).find(
      (x) => x.id === assignee,
    )!;
    expect(onB.load.total).toBe(1);
  });
});

/** Polls `check` every 50 ms until it holds (30 s at most: the processes share a busy machine). */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > 30_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
