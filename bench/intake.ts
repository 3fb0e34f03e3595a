// HTTP intake through the full pipeline (validate → classify → prioritise → SLA → route →
// persist → publish) with many tickets already resident, on: the lowdb store, a naive
// write-per-change lowdb store (same run, for the ratio), and PostgreSQL when DATABASE_URL is set.
// Run alone: node bench/main.mjs bench/intake.ts [--quick] [--only=memory,lowdb,naive,postgres,postgres-peer]
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import pg from 'pg';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningServer } from '../src/switchboard/server.ts';
import type { Store } from '../src/store/types.ts';
import type { Ticket } from '../src/core/model/ticket.ts';
import { makeTicket } from '../test/helpers/ticket-fixture.ts';
import { httpLoad, type LoadResult } from './http-load.ts';
import { createNaiveLowdbStore } from './naive-lowdb-store.ts';
import { startPeer, type PeerProcess } from './peer-process.ts';
import { cpuSecondsOfAll } from './proc-cpu.ts';
import { runtime, runtimeKind } from './runtime.ts';

const { createSwitchboard, startServer, createLowdbStore, createMemoryStore, createPostgresStore, silentLogger } =
  runtime;

const subjects = [
  '支付失败,无法下单',
  'How do I register an account?',
  'App crashes on login',
  'Refund for order 7781',
];
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
    status: ['new', 'open', 'pending-customer', 'resolved', 'closed'][i % 5]!,
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

const token = `swb_bench_${randomBytes(16).toString('hex')}`;

/**
 * Serves `store` on 127.0.0.1 as `switchboard serve` does (token auth, audit log), warms up,
 * then measures `requests` creates sent by a load generator on another thread. The per-token
 * rate limit is off, as a deployment with a bulk intake integration would configure it.
 */
async function measure(
  store: Store,
  requests: number,
  concurrency: number,
  maxMs: number,
  database = false,
  peer?: PeerProcess,
  /** A policy file to serve instead of the bundled preset. */
  config?: string,
): Promise<IntakeResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'swb-bench-sec-'));
  const sb = await createSwitchboard({
    store,
    logger: silentLogger,
    dataDir,
    security: { adminToken: token, rateLimitPerMinute: 0 },
    ...(config ? { config } : {}),
  });
  const server = await startServer(sb, { port: 0, host: '127.0.0.1', logger: silentLogger });
  try {
    if (peer) await untilPeersKnown(server, 2);
    const url = `http://127.0.0.1:${server.port}/api/tickets`;
    const headers = { authorization: `Bearer ${token}` };
    // warm-up (JIT, connection set-up) at the measured concurrency, then the measured run
    await httpLoad(url, (i) => body(1e6 + i), {
      requests: Math.min(1_000, Math.ceil(requests / 5)),
      concurrency,
      maxMs,
      headers,
    });
    const cpu = process.cpuUsage();
    const db = database ? cpuSecondsOfAll('postgres') : undefined;
    const peerCpu = await peer?.cpuSeconds();
    const r = await httpLoad(url, body, { requests, concurrency, maxMs, headers });
    const used = process.cpuUsage(cpu);
    const dbAfter = db !== undefined ? cpuSecondsOfAll('postgres') : undefined;
    const peerAfter = peerCpu !== undefined ? await peer?.cpuSeconds() : undefined;
    const perRequest = (ms: number) => Math.round((ms / Math.max(1, r.requests)) * 1000) / 1000;
    return {
      ...r,
      cpuMsPerRequest: perRequest((used.user + used.system) / 1000),
      ...(db !== undefined && dbAfter !== undefined
        ? { databaseCpuMsPerRequest: perRequest((dbAfter - db) * 1000) }
        : {}),
      ...(peerCpu !== undefined && peerAfter !== undefined
        ? { peerCpuMsPerRequest: perRequest((peerAfter - peerCpu) * 1000) }
        : {}),
    };
  } finally {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The bare Express JSON echo (`express-echo` row). */
async function echoRun(requests: number, concurrency: number): Promise<IntakeResult> {
  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.post('/api/tickets', (req, res) => {
    res.status(201).json({ id: 't', ...req.body });
  });
  const server = await new Promise<Server>((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/tickets`;
    await httpLoad(url, (i) => body(1e6 + i), {
      requests: Math.min(1_000, Math.ceil(requests / 5)),
      concurrency,
      maxMs: 120_000,
    });
    const cpu = process.cpuUsage();
    const r = await httpLoad(url, body, { requests, concurrency, maxMs: 120_000 });
    const used = process.cpuUsage(cpu);
    return {
      ...r,
      cpuMsPerRequest: Math.round(((used.user + used.system) / 1000 / Math.max(1, r.requests)) * 1000) / 1000,
    };
  } finally {
    await new Promise((ok) => server.close(ok));
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

/**
 * The bundled preset plus 50 triggers, as a policy that grew them: 49 whose conditions read the
 * change and the tier and never hold at intake, and one that tags every VIP ticket at intake (a
 * fifth of the bodies), which is one more write for those tickets.
 */
const fiftyTriggers = `extends: preset:base
id: bench-intake-triggers
triggers:
${Array.from({ length: 49 }, (_, i) => `  - { id: t${i}, when: { all: [{ fact: changed, path: $.status.to, operator: equal, value: pending }, { fact: tier, operator: equal, value: gold${i} }] }, do: [{ add-tags: [x${i}] }] }`).join('\n')}
  - { id: vip-tag, when: { all: [{ fact: change, path: $.kind, operator: equal, value: created }, { fact: tier, operator: equal, value: vip }] }, do: [{ add-tags: [vip] }] }
`;

async function lowdbRun(n: number, requests: number, concurrency: number, withTriggers = false): Promise<IntakeResult> {
  const dir = await mkdtemp(join(tmpdir(), 'swb-bench-intake-'));
  try {
    const seed = createLowdbStore({ dir });
    await seed.open();
    let next = 0;
    await Promise.all(
      Array.from({ length: 100 }, async () => {
        while (next < n) await seed.insert(resident(next++));
      }),
    );
    await seed.close();
    let config: string | undefined;
    if (withTriggers) {
      // beside the store's directory, not in it
      config = `${dir}.policy.yaml`;
      await writeFile(config, fiftyTriggers);
    }
    return await measure(createLowdbStore({ dir }), requests, concurrency, 120_000, false, undefined, config);
  } finally {
    await rm(dir, { recursive: true, force: true });
    if (withTriggers) await rm(`${dir}.policy.yaml`, { force: true });
  }
}

async function naiveRun(n: number, requests: number, concurrency: number, maxMs: number): Promise<IntakeResult> {
  const dir = await mkdtemp(join(tmpdir(), 'swb-bench-naive-'));
  try {
    const store = createNaiveLowdbStore(
      join(dir, 'db.json'),
      Array.from({ length: n }, (_, i) => resident(i)),
    );
    return await measure(store, requests, concurrency, maxMs);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** PostgreSQL with `n` resident; with `withPeer`, a second runtime process on the same schema receives every event. */
async function postgresRun(
  url: string,
  n: number,
  requests: number,
  concurrency: number,
  withPeer = false,
): Promise<IntakeResult> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const seed = createPostgresStore({ connectionString: url, schema });
  await seed.open();
  let peer: PeerProcess | undefined;
  try {
    // seeded through the store (batched inserts, so its own table layout), then each marked as
    // last written when it was created, as resident tickets were
    for (let start = 0; start < n; start += 5000)
      await Promise.all(Array.from({ length: Math.min(5000, n - start) }, (_, i) => seed.insert(resident(start + i))));
    await seed.pool.query(`UPDATE ${seed.names.tickets} SET updated_at = created_at`);
    for (const table of [seed.names.tickets, ...Object.values(seed.names.lists)])
      await seed.pool.query(`VACUUM ANALYZE ${table}`);
    await seed.close();
    peer = withPeer ? await startPeer(url, schema) : undefined;
    return await measure(
      createPostgresStore({ connectionString: url, schema }),
      requests,
      concurrency,
      120_000,
      true,
      peer,
    );
  } finally {
    await peer?.stop();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
}

/** The rows, in the order they run. Each runs in a fresh process (see `run`). */
const rowNames = ['express-echo', 'memory', 'lowdb', 'lowdb-triggers', 'naive', 'postgres', 'postgres-peer'] as const;
type RowName = (typeof rowNames)[number];

interface Row extends IntakeResult {
  store: string;
  resident: number;
  concurrency: number;
  /** How the server code ran in that row's process. */
  server: string;
}

/** One row, measured in this process. */
async function measureRow(name: RowName, quick: boolean): Promise<Row> {
  const n = quick ? 5_000 : 50_000;
  const requests = quick ? 1_000 : 10_000;
  const concurrency = 32;
  const row = (store: string, r: IntakeResult, extra: Partial<Row> = {}): Row => ({
    store,
    resident: n,
    concurrency,
    ...r,
    server: runtimeKind,
    ...extra,
  });
  const url = process.env.DATABASE_URL;
  switch (name) {
    // a bare Express app that parses the JSON body and answers 201 with it: the physical limit of
    // this HTTP stack on this machine, measured by the same load generator
    case 'express-echo':
      return row('express JSON echo (HTTP ceiling)', await echoRun(requests, concurrency), { resident: 0 });
    // no persistence at all: the ceiling the pipeline and HTTP allow on this machine
    case 'memory':
      return row('memory (pipeline ceiling)', await measure(createMemoryStore(), requests, concurrency, 120_000), {
        resident: 0,
      });
    case 'lowdb':
      return row('lowdb (journal)', await lowdbRun(n, requests, concurrency));
    // the same with 50 triggers in the policy: what triggers cost at intake
    case 'lowdb-triggers':
      return row('lowdb (journal), 50 triggers', await lowdbRun(n, requests, concurrency, true));
    case 'naive': {
      // The baseline is slow by design (at 50k resident one write is seconds of JSON.stringify and
      // the event loop stalls meanwhile), and requests already in flight finish after the time cap:
      // a few requests at low concurrency keep the run bounded. Its rate barely depends on
      // concurrency, since every write serialises the whole database on the one event loop.
      const naiveConcurrency = quick ? 8 : 4;
      return row(
        'naive lowdb (write per change)',
        await naiveRun(n, quick ? 40 : 8, naiveConcurrency, quick ? 10_000 : 20_000),
        { concurrency: naiveConcurrency },
      );
    }
    case 'postgres':
      return row('postgres', await postgresRun(url!, n, requests, concurrency));
    // several processes on one database: events also travel through PostgreSQL to a second
    // process (on this machine it shares the same two cores)
    case 'postgres-peer':
      return row('postgres, second process listening', await postgresRun(url!, n, requests, concurrency, true));
  }
}

const mainScript = fileURLToPath(new URL('./main.mjs', import.meta.url));
const thisScript = fileURLToPath(import.meta.url.split('?')[0]!);

/**
 * One row in a fresh Node process (`bench/main.mjs bench/intake.ts --row=NAME`), as a deployment
 * runs one server per process. Measured in one process, each row inherited the heap, JIT state
 * and garbage of the rows before it: the naive baseline's 50k-ticket JSON strings cost the
 * PostgreSQL row that followed it ~10% of its rate.
 */
function rowInChild(name: RowName, quick: boolean): Promise<Row> {
  return new Promise((resolveRow, reject) => {
    const child = spawn(
      process.execPath,
      ['--max-semi-space-size=64', mainScript, thisScript, `--row=${name}`, ...(quick ? ['--quick'] : [])],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`intake row ${name} failed (exit ${code})`));
      try {
        resolveRow(JSON.parse(out) as Row);
      } catch {
        reject(new Error(`intake row ${name} printed no result: ${out.slice(0, 500)}`));
      }
    });
  });
}

export async function run(opts: { quick?: boolean; only?: string[] } = {}): Promise<Record<string, unknown>> {
  const url = process.env.DATABASE_URL;
  const wanted = rowNames.filter(
    (name) => (!opts.only || opts.only.includes(name)) && (url || !name.startsWith('postgres')),
  );
  const rows: Row[] = [];
  const byName = new Map<RowName, Row>();
  for (const name of wanted) {
    const r = await rowInChild(name, opts.quick ?? false);
    rows.push(r);
    byName.set(name, r);
  }
  const lowdb = byName.get('lowdb');
  const lowdbTriggers = byName.get('lowdb-triggers');
  const naive = byName.get('naive');
  const memory = byName.get('memory');
  const postgres = byName.get('postgres');
  const echo = byName.get('express-echo');
  const ratio = (a: Row, b: Row, digits: number) =>
    Math.round((a.perSecond / b.perSecond) * 10 ** digits) / 10 ** digits;
  return {
    intake: rows,
    intakeRatio: {
      ...(lowdb && naive ? { lowdbVsNaive: ratio(lowdb, naive, 1) } : {}),
      ...(postgres && naive ? { postgresVsNaive: ratio(postgres, naive, 1) } : {}),
      ...(lowdb && memory ? { lowdbVsMemory: ratio(lowdb, memory, 2) } : {}),
      ...(lowdbTriggers && lowdb ? { lowdbWith50TriggersVsWithout: ratio(lowdbTriggers, lowdb, 2) } : {}),
      ...(postgres && lowdb ? { postgresVsLowdb: ratio(postgres, lowdb, 2) } : {}),
      ...(lowdb && echo ? { lowdbVsBareExpress: ratio(lowdb, echo, 2) } : {}),
      ...(postgres && echo ? { postgresVsBareExpress: ratio(postgres, echo, 2) } : {}),
      goalVsBareExpress: 0.6,
      goal: '>= 100x naive; lowdb (also with 50 triggers) and postgres >= 2000 tickets/s with p99 <= 50 ms',
      server: rows[0]?.server ?? runtimeKind,
      note: 'each row in a fresh process; load from a worker thread over 127.0.0.1 keep-alive; cpuMsPerRequest includes that thread (~0.1 ms); databaseCpuMsPerRequest: the local PostgreSQL server processes; peerCpuMsPerRequest: the second runtime process',
    },
  };
}

// alone: node bench/main.mjs bench/intake.ts (compiled when dist/ is current, else the sources)
if (
  [process.argv[1], process.argv[2]].some(
    (a) => a !== undefined && import.meta.url.split('?')[0] === pathToFileURL(resolve(a)).href,
  )
) {
  const quick = process.argv.includes('--quick');
  const row = process.argv.find((a) => a.startsWith('--row='))?.slice(6);
  if (row !== undefined) {
    // one row, in this process: what run() starts a child for
    if (!rowNames.includes(row as RowName))
      throw new Error(`--row must be one of ${rowNames.join(', ')}, got "${row}"`);
    console.log(JSON.stringify(await measureRow(row as RowName, quick)));
  } else {
    // --only=memory,lowdb runs a subset (while working on one store)
    const only = process.argv
      .find((a) => a.startsWith('--only='))
      ?.slice(7)
      .split(',');
    console.log(JSON.stringify(await run({ quick, ...(only ? { only } : {}) }), null, 2));
  }
}
