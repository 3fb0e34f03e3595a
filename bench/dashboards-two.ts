// The dashboards bench's `twoProcesses` row: two runtime processes on one PostgreSQL schema (a
// throwaway schema per run, dropped after), each with its own client process of sockets
// subscribed by group. Process A makes real ticket updates through its ticket service at a fixed
// rate (a write to PostgreSQL each, then its events); A's sockets get them from A's bus, B's
// through the socket.io PostgreSQL adapter (A forwards its events with serverSideEmit, B fans
// them out: src/realtime/attach.ts). Per process: deliveries expected and received, latency from
// A's bus publish to the client handler (p50Ms, p99Ms, maxMs; the event's `at`, to the
// millisecond) and from the update call in A (fromUpdateCall*: the write to PostgreSQL and its
// queue included), and the server's CPU per delivery.
// Sizes: SWB_BENCH_DASH_PG_CLIENTS (per process), SWB_BENCH_DASH_PG_RATE (updates/s),
// SWB_BENCH_DASH_PG_SECONDS (default 1,000, 200, 4; --quick 100, 200, 1).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  type Child,
  type ClientResult,
  cpuShare,
  finish,
  groupsFor,
  startClients,
  startServer,
} from './dashboards-procs.ts';
import { cpuSecondsOfAll, processCpuSeconds } from './proc-cpu.ts';

const int = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) ? Number(v) : d);
const goalP99Ms = 100;

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Until both adapters count two processes: before that, A forwards nothing (src/realtime/peers.ts). */
async function untilPeers(servers: Child[]): Promise<void> {
  const deadline = performance.now() + 30_000;
  for (;;) {
    const counts = await Promise.all(
      servers.map((s) => s.ask<{ type: string; count: number }>({ type: 'peers' }, 'peers')),
    );
    if (counts.every((c) => c.count === servers.length)) return;
    if (performance.now() > deadline)
      throw new Error(`the server processes did not find each other (counts ${counts.map((c) => c.count).join(', ')})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const cpuOf = async (s: Child) => (await s.ask<{ type: string; us: number }>({ type: 'cpu' }, 'cpu')).us;

export async function benchTwoProcesses(opts: { quick?: boolean }): Promise<Record<string, unknown>> {
  const url = process.env.DATABASE_URL;
  if (!url) return { skipped: 'DATABASE_URL is not set: this row needs PostgreSQL' };
  const perProcess = int(process.env.SWB_BENCH_DASH_PG_CLIENTS, opts.quick ? 100 : 1000);
  const rate = int(process.env.SWB_BENCH_DASH_PG_RATE, 200);
  const seconds = int(process.env.SWB_BENCH_DASH_PG_SECONDS, opts.quick ? 1 : 4);
  const schema = `bench_dash_${randomBytes(5).toString('hex')}`;
  const token = 'swb_bench-admin-token-for-the-run';
  const started: Child[] = [];
  try {
    // one after the other: the first runs the schema's migrations
    const a = await startServer({ databaseUrl: url, schema, token });
    started.push(a);
    const b = await startServer({ databaseUrl: url, schema, token });
    started.push(b);
    await untilPeers([a, b]);
    const groups = a.groups;
    const subscribers = new Map<string, number>();
    for (const g of groupsFor(perProcess, groups)) subscribers.set(g, (subscribers.get(g) ?? 0) + 1);
    await a.ask({ type: 'prepare', tickets: Math.max(groups.length, Math.ceil(rate / 4)) }, 'prepared', 300_000);
    const servers = { A: a, B: b };
    const clients: Record<string, Child> = {};
    for (const [name, s] of Object.entries(servers)) {
      clients[name] = await startClients({
        url: `http://127.0.0.1:${s.port}`,
        token,
        groups: groupsFor(perProcess, groups),
      });
      started.push(clients[name]);
    }
    const cpu0 = { A: await cpuOf(a), B: await cpuOf(b) };
    const clientCpu0 = { A: processCpuSeconds(clients.A!.pid), B: processCpuSeconds(clients.B!.pid) };
    const pg0 = cpuSecondsOfAll('postgres');
    const t0 = performance.now();
    const driven = await a.ask<{
      type: string;
      updates: number;
      failed: number;
      firstError?: string;
      perGroup: Record<string, number>;
      writeSeconds: number;
    }>({ type: 'drive', rate, seconds }, 'driven', seconds * 1000 + 300_000);
    // each update reaches every socket subscribed to the ticket's group, on both processes
    let expected = 0;
    for (const [g, n] of Object.entries(driven.perGroup)) expected += n * (subscribers.get(g) ?? 0);
    const got: Record<string, ClientResult> = Object.fromEntries(
      await Promise.all(Object.entries(clients).map(async ([name, c]) => [name, await finish(c, expected)] as const)),
    );
    const elapsed = (performance.now() - t0) / 1000;
    const cpu1 = { A: await cpuOf(a), B: await cpuOf(b) };
    const clientCpu1 = { A: processCpuSeconds(clients.A!.pid), B: processCpuSeconds(clients.B!.pid) };
    const pg1 = cpuSecondsOfAll('postgres');
    const row = (name: 'A' | 'B', role: string) => {
      const r = got[name]!;
      return {
        process: name,
        role,
        clients: perProcess,
        deliveriesExpected: expected,
        deliveriesReceived: r.received,
        ...r.publish,
        fromUpdateCallP50Ms: r.stamp.p50Ms,
        fromUpdateCallP99Ms: r.stamp.p99Ms,
        fromUpdateCallMaxMs: r.stamp.maxMs,
        serverCpuPerDeliveryUs: +((cpu1[name] - cpu0[name]) / Math.max(1, r.received)).toFixed(2),
        serverCpuShare: +((cpu1[name] - cpu0[name]) / 1e6 / elapsed).toFixed(2),
        ...cpuShare('clientCpuShare', clientCpu0[name], clientCpu1[name], elapsed),
        disconnected: r.disconnected,
      };
    };
    const rows = [row('A', 'writes the updates'), row('B', 'receives them through PostgreSQL')];
    return {
      store: 'postgres',
      processes: 2,
      clients: perProcess * 2,
      groups: groups.length,
      driver: 'real ticket updates (a field change) through the ticket service of process A',
      updatesPerSecond: rate,
      updates: driven.updates,
      updatesFailed: driven.failed,
      ...(driven.firstError ? { firstError: driven.firstError } : {}),
      updatesPerSecondReached: Math.round(driven.updates / driven.writeSeconds),
      ...(pg0 !== undefined && pg1 !== undefined && driven.updates > 0
        ? { postgresCpuPerUpdateUs: Math.round(((pg1 - pg0) * 1e6) / driven.updates) }
        : {}),
      perProcess: rows,
      goalP99Ms,
      meetsGoal: rows.every(
        (r) => r.p99Ms !== null && r.p99Ms <= goalP99Ms && r.deliveriesReceived === r.deliveriesExpected,
      ),
    };
  } finally {
    for (const c of started.reverse()) await c.stop().catch(() => undefined);
    await dropSchema(url, schema);
  }
}
