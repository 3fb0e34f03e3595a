// HTTP intake through the full pipeline (validate → classify → prioritise → SLA → route →
// persist → publish) with many tickets already resident, on: the lowdb store, a naive
// write-per-change lowdb store (same run, for the ratio), and PostgreSQL when DATABASE_URL is set.
// Run alone: node bench/main.mjs bench/intake.ts [--quick] [--only=memory,lowdb,naive,postgres,postgres-peer]
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { RunningServer } from '../src/app/server.ts';
import type { Store } from '../src/store/types.ts';
import type { Ticket } from '../src/tickets/types.ts';
import { makeTicket } from '../test/helpers/ticket-fixture.ts';
import { httpLoad, type LoadResult } from './http-load.ts';
import { createNaiveLowdbStore } from './naive-lowdb-store.ts';
import { startPeer, type PeerProcess } from './peer-process.ts';
import { runtime, runtimeKind } from './runtime.ts';

const { createSwitchboard, startServer, createLowdbStore, createMemoryStore, createPostgresStore, silentLogger } = runtime;

const subjects = ['支付失败,无法下单', 'How do I register an account?', 'App crashes on login', 'Refund for order 7781'];
const body = (i: number) => ({
  channel: i % 2 ? 'email' : 'phone',
  subject: `${subjects[i % subjects.length]} #${i}`,
  customer: { id: `C${i}`, ...(i % 5 === 0 ? { tier: 'vip' } : {}) },
});
/**
 * A resident ticket as found in steady state: its SLA clocks already settled (met, or breached
 * and escalated before the run), so the SLA scheduler has nothing to catch up on at boot and the
 * run measures intake. (Fixture clocks left running and long overdue would have the scheduler
 * step tens of thousands of tickets at boot, which with the naive store means one whole-file
 * write each, for hours.)
 */
const residentFrom = Date.now() - 18 * 86_400_000;
const resident = (i: number): Ticket => {
  const t = makeTicket({
    id: `r${String(i).padStart(7, '0')}`,
    // one every 30 s over the last ~17 days: closed ones are younger than the 30-day archive age
    createdAt: new Date(residentFrom + i * 30_000).toISOString(),
    status: ['new', 'open', 'pending', 'resolved', 'closed'][i % 5]!,
  });
  return { ...t, sla: { policyId: t.sla.policyId, calendarId: t.sla.calendarId } };
};

export interface IntakeResult extends LoadResult {
  /** CPU time of the server process per request (all threads but the load generator's share). */
  cpuMsPerRequest: number;
  /** CPU of the local PostgreSQL server's processes per request (Linux, database on this machine). */
  databaseCpuMsPerRequest?: number;
  /** CPU of the second runtime process per request (the two-process row). */
  peerCpuMsPerRequest?: number;
}

/** CPU seconds used so far by every process named `postgres` on this machine (undefined without /proc). */
function postgresCpuSeconds(): number | undefined {
  try {
    let ticks = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
        const fields = stat.slice(close + 2).split(' ');
        ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
      } catch {
        // the process ended meanwhile
      }
    }
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

const token = `swb_bench_${randomBytes(16).toString('hex')}`;

/**
 * Serves `store` on 127.0.0.1 as `switchboard serve` does (token auth, audit log), warms up,
 * then measures `requests` creates sent by a load generator on another thread. The per-token
 * rate limit is off, as a deployment with a bulk intake integration would configure it.
 */
async function measure(store: Store, requests: number, concurrency: number, maxMs: number, database = false, peer?: PeerProcess): Promise<IntakeResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'swb-bench-sec-'));
  const sb = await createSwitchboard({ store, logger: silentLogger, dataDir, security: { adminToken: token, rateLimitPerMinute: 0 } });
  const server = await startServer(sb, { port: 0, host: '127.0.0.1', logger: silentLogger });
  try {
    if (peer) await untilPeersKnown(server, 2);
    const url = `http://127.0.0.1:${server.port}/api/tickets`;
    const headers = { authorization: `Bearer ${token}` };
    // warm-up (JIT, connection set-up) at the measured concurrency, then the measured run
    await httpLoad(url, (i) => body(1e6 + i), { requests: Math.min(1_000, Math.ceil(requests / 5)), concurrency, maxMs, headers });
    const cpu = process.cpuUsage();
    const db = database ? postgresCpuSeconds() : undefined;
    const peerCpu = await peer?.cpuSeconds();
    const r = await httpLoad(url, body, { requests, concurrency, maxMs, headers });
    const used = process.cpuUsage(cpu);
    const dbAfter = db !== undefined ? postgresCpuSeconds() : undefined;
    const peerAfter = peerCpu !== undefined ? await peer?.cpuSeconds() : undefined;
    const perRequest = (ms: number) => Math.round((ms / Math.max(1, r.requests)) * 1000) / 1000;
    return {
      ...r,
      cpuMsPerRequest: perRequest((used.user + used.system) / 1000),
      ...(db !== undefined && dbAfter !== undefined ? { databaseCpuMsPerRequest: perRequest((dbAfter - db) * 1000) } : {}),
      ...(peerCpu !== undefined && peerAfter !== undefined ? { peerCpuMsPerRequest: perRequest((peerAfter - peerCpu) * 1000) } : {}),
    };
  } finally {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Waits until the server's cluster adapter knows `count` processes (itself included): heartbeats over NOTIFY. */
async function untilPeersKnown(server: RunningServer, count: number): Promise<void> {
  const adapter = server.io.of('/').adapter;
  for (let i = 0; i < 300; i++) {
    if ((await adapter.serverCount()) >= count) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server's cluster adapter did not see ${count} processes within 30 s`);
}

async function lowdbRun(n: number, requests: number, concurrency: number): Promise<IntakeResult> {
  const dir = await mkdtemp(join(tmpdir(), 'swb-bench-intake-'));
  try {
    const seed = createLowdbStore({ dir });
    await seed.open();
    let next = 0;
    await Promise.all(Array.from({ length: 100 }, async () => {
      while (next < n) await seed.insert(resident(next++));
    }));
    await seed.close();
    return await measure(createLowdbStore({ dir }), requests, concurrency, 120_000);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function naiveRun(n: number, requests: number, concurrency: number, maxMs: number): Promise<IntakeResult> {
  const dir = await mkdtemp(join(tmpdir(), 'swb-bench-naive-'));
  try {
    const store = createNaiveLowdbStore(join(dir, 'db.json'), Array.from({ length: n }, (_, i) => resident(i)));
    return await measure(store, requests, concurrency, maxMs);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** PostgreSQL with `n` resident; with `withPeer`, a second runtime process on the same schema receives every event. */
async function postgresRun(url: string, n: number, requests: number, concurrency: number, withPeer = false): Promise<IntakeResult> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const seed = createPostgresStore({ connectionString: url, schema });
  await seed.open();
  let peer: PeerProcess | undefined;
  try {
    // bulk seed in one statement per batch; the columns are derived exactly as the store derives them
    for (let start = 0; start < n; start += 5000) {
      const docs = Array.from({ length: Math.min(5000, n - start) }, (_, i) => resident(start + i));
      await seed.pool.query(
        `INSERT INTO ${seed.names.tickets} (id, version, status, "group", priority, channel, assignee, closed, created_at, doc)
         SELECT d->>'id', (d->>'version')::int, d->>'status', d->>'group', d->>'priority', d->>'channel', d->>'assignee',
                (d ? 'closedAt' OR d->>'status' = 'closed'), (d->>'createdAt')::timestamptz, d
         FROM jsonb_array_elements($1::jsonb) AS d`,
        [JSON.stringify(docs)],
      );
    }
    await seed.pool.query(`ANALYZE ${seed.names.tickets}`);
    await seed.close();
    peer = withPeer ? await startPeer(url, schema) : undefined;
    return await measure(createPostgresStore({ connectionString: url, schema }), requests, concurrency, 120_000, true, peer);
  } finally {
    await peer?.stop();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
}

export async function run(opts: { quick?: boolean; only?: string[] } = {}): Promise<Record<string, unknown>> {
  const want = (name: string) => !opts.only || opts.only.includes(name);
  const n = opts.quick ? 5_000 : 50_000;
  const requests = opts.quick ? 1_000 : 10_000;
  const concurrency = 32;
  const rows: Record<string, unknown>[] = [];
  const row = (store: string, r: IntakeResult) => ({ store, resident: n, concurrency, ...r });

  // no persistence at all: the ceiling the pipeline and HTTP allow on this machine
  const memory = want('memory') ? await measure(createMemoryStore(), requests, concurrency, 120_000) : undefined;
  if (memory) rows.push({ ...row('memory (pipeline ceiling)', memory), resident: 0 });
  const lowdb = want('lowdb') ? await lowdbRun(n, requests, concurrency) : undefined;
  if (lowdb) rows.push(row('lowdb (journal)', lowdb));
  // The baseline is slow by design (at 50k resident one write is seconds of JSON.stringify and
  // the event loop stalls meanwhile), and requests already in flight finish after the time cap:
  // a few requests at low concurrency keep the run bounded. Its rate barely depends on concurrency,
  // since every write serialises the whole database on the one event loop.
  const naiveConcurrency = opts.quick ? 8 : 4;
  const naive = want('naive') ? await naiveRun(n, opts.quick ? 40 : 8, naiveConcurrency, opts.quick ? 10_000 : 20_000) : undefined;
  if (naive) rows.push({ ...row('naive lowdb (write per change)', naive), concurrency: naiveConcurrency });
  const url = process.env.DATABASE_URL;
  if (url && want('postgres')) rows.push(row('postgres', await postgresRun(url, n, requests, concurrency)));
  // several processes on one database: events also travel through PostgreSQL to a second process
  // (on this machine it shares the same two cores)
  if (url && want('postgres-peer')) rows.push(row('postgres, second process listening', await postgresRun(url, n, requests, concurrency, true)));

  return {
    intake: rows,
    intakeRatio: {
      ...(lowdb && naive ? { lowdbVsNaive: Math.round((lowdb.perSecond / naive.perSecond) * 10) / 10 } : {}),
      ...(lowdb && memory ? { lowdbVsMemory: Math.round((lowdb.perSecond / memory.perSecond) * 100) / 100 } : {}),
      goal: '>= 100x; lowdb >= 2000 tickets/s with p99 <= 50 ms',
      server: runtimeKind,
      note: 'load from a worker thread over 127.0.0.1 keep-alive; cpuMsPerRequest includes that thread (~0.1 ms); databaseCpuMsPerRequest: the local PostgreSQL server processes; peerCpuMsPerRequest: the second runtime process',
    },
  };
}

// alone: node --import tsx bench/intake.ts (sources), or node bench/main.mjs bench/intake.ts (compiled)
if ([process.argv[1], process.argv[2]].some((a) => a !== undefined && import.meta.url.split('?')[0] === pathToFileURL(resolve(a)).href)) {
  // --only=memory,lowdb runs a subset (while working on one store)
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
  console.log(JSON.stringify(await run({ quick: process.argv.includes('--quick'), ...(only ? { only } : {}) }), null, 2));
}
