// Live-dashboard fan-out. One server in this process; its socket.io clients, subscribed by group,
// in a child process (dashboards-clients.ts), so `process.cpuUsage()` here over the run is the
// server's work alone. Events are published at a fixed rate on the bus; latency is publish →
// client handler (both processes read `performance.timeOrigin + performance.now()`). Then the
// `clientCpuShare` near 1 says the client process, not the server, set the pace. Then the
// same per-event run with batched subscriptions (`batch`), and, with DATABASE_URL, two server
// processes on one PostgreSQL schema (`twoProcesses`, dashboards-two.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Ticket } from '../src/core/model/ticket.ts';
import { cpuShare, cpuUsSince, finish, groupsFor, startClients } from './dashboards-procs.ts';
import { processCpuSeconds } from './proc-cpu.ts';
import { benchTwoProcesses } from './dashboards-two.ts';
import { runtime, runtimeKind } from './runtime.ts';

const { createSwitchboard, startServer, silentLogger } = runtime;

export interface DashboardBenchOptions {
  quick?: boolean;
  clients?: number;
  eventsPerSecond?: number;
  seconds?: number;
  /** Subscribe with `batch: true` (coalesced emits) instead of per-event emits. */
  batch?: boolean;
}

const goalP99Ms = 100;

/** One run: `clients` sockets in a child process, `eventsPerSecond` for `seconds` on the bus. */
export async function fanOut(opts: DashboardBenchOptions = {}): Promise<Record<string, unknown>> {
  const clients = opts.clients ?? (opts.quick ? 50 : 200);
  const rate = opts.eventsPerSecond ?? 500;
  const seconds = opts.seconds ?? (opts.quick ? 1 : 4);
  const token = 'swb_bench-admin-token-for-the-run';
  const dir = await mkdtemp(join(tmpdir(), 'swb-bench-'));
  const sb = await createSwitchboard({
    dataDir: dir,
    logger: silentLogger,
    security: { adminToken: token, rateLimitPerMinute: 0, env: {} },
  });
  const server = await startServer(sb, { port: 0, host: '127.0.0.1', logger: silentLogger });
  const groups = [...sb.policy.current().groups.keys()];
  const subscribers = new Map<string, number>();
  for (const g of groupsFor(clients, groups)) subscribers.set(g, (subscribers.get(g) ?? 0) + 1);
  const sockets = await startClients({
    url: `http://127.0.0.1:${server.port}`,
    token,
    groups: groupsFor(clients, groups),
    batch: opts.batch ?? false,
  });
  try {
    const template = (
      await sb.tickets.create({
        channel: 'chat',
        subject: 'page error: blank page after checkout',
        description: 'x'.repeat(400),
        customer: { id: 'C1', name: 'Alice', email: 'alice@example.com' },
      })
    ).ticket;
    const total = rate * seconds;
    let published = 0;
    let expected = 0;
    const cpu = process.cpuUsage();
    const clientCpu0 = processCpuSeconds(sockets.pid);
    const start = performance.now();
    // Each tick publishes the events due so far, so the rate holds even when timers run late.
    await new Promise<void>((resolve) => {
      const tick = () => {
        const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
        for (; published < due; published++) {
          const group = groups[published % groups.length]!;
          const ticket: Ticket = {
            ...template,
            id: `t_bench_${published}`,
            group,
            collaborators: [],
            fields: { ...template.fields, benchSentAt: performance.timeOrigin + performance.now() },
            version: published + 2,
          };
          expected += subscribers.get(group) ?? 0;
          sb.events.publish({ type: 'ticket.updated', data: { ticket, changes: { status: ['new', 'open'] } } });
        }
        if (published < total) setTimeout(tick, 2);
        else resolve();
      };
      tick();
    });
    const got = await finish(sockets, expected);
    const serverCpuUs = cpuUsSince(cpu);
    const clientCpu1 = processCpuSeconds(sockets.pid);
    const elapsed = (performance.now() - start) / 1000;
    return {
      clients,
      groups: groups.length,
      mode: opts.batch ? 'batch' : 'per-event',
      eventsPublished: published,
      eventsPerSecond: rate,
      deliveriesExpected: expected,
      deliveriesReceived: got.received,
      deliveriesPerSecond: Math.round(got.received / elapsed),
      ...got.stamp,
      serverCpuPerDeliveryUs: +(serverCpuUs / Math.max(1, got.received)).toFixed(2),
      serverCpuShare: +(serverCpuUs / 1e6 / elapsed).toFixed(2),
      ...cpuShare('clientCpuShare', clientCpu0, clientCpu1, elapsed),
      goalP99Ms,
      meetsGoal: got.stamp.p99Ms !== null && got.stamp.p99Ms <= goalP99Ms && got.received === expected,
    };
  } finally {
    await sockets.stop();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The bench's result: `{ dashboards: { per-event fields, batch, twoProcesses } }`. */
export async function run(opts: DashboardBenchOptions & { twoProcesses?: boolean } = {}) {
  const perEvent = await fanOut({ ...opts, batch: false });
  const batch = await fanOut({ ...opts, batch: true });
  const { clients: _c, groups: _g, eventsPerSecond: _r, ...batchOnly } = batch;
  return {
    dashboards: {
      runtime: runtimeKind,
      ...perEvent,
      batch: batchOnly,
      ...(opts.twoProcesses === false ? {} : { twoProcesses: await benchTwoProcesses(opts) }),
    },
  };
}

// alone: node bench/main.mjs bench/dashboards.ts (compiled when dist/ is current, else the sources)
if (
  [process.argv[1], process.argv[2]].some(
    (a) => a !== undefined && import.meta.url.split('?')[0] === pathToFileURL(resolve(a)).href,
  )
) {
  const quick = process.argv.includes('--quick');
  console.log(JSON.stringify(await run({ quick, twoProcesses: !process.argv.includes('--one') }), null, 2));
}
