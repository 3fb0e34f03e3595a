// Live-dashboard fan-out: N socket.io clients subscribed by group, events published at a fixed
// rate on the bus, delivery latency measured per received event (publish → client handler).
// Run: node --import tsx bench/dashboards.ts [--quick]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { io as connect, type Socket } from 'socket.io-client';
import { createSwitchboard } from '../src/switchboard/create-switchboard.ts';
import { startServer } from '../src/switchboard/server.ts';
import type { Ticket } from '../src/core/model/ticket.ts';
import { silentLogger } from '../src/telemetry/logger.ts';

export interface DashboardBenchOptions {
  quick?: boolean;
  clients?: number;
  eventsPerSecond?: number;
  seconds?: number;
  /** Subscribe with `batch: true` (coalesced emits) instead of per-event emits. */
  batch?: boolean;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export async function run(opts: DashboardBenchOptions = {}): Promise<Record<string, unknown>> {
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
  const url = `http://127.0.0.1:${server.port}`;
  const groups = [...sb.policy.current().groups.keys()];
  try {
    const template = (
      await sb.tickets.create({
        channel: 'chat',
        subject: 'page error: blank page after checkout',
        description: 'x'.repeat(400),
        customer: { id: 'C1', name: 'Alice', email: 'alice@example.com' },
      })
    ).ticket;
    const sentAt = new Map<number, number>();
    const latencies: number[] = [];
    let received = 0;
    const sockets: Socket[] = [];
    const onEvent = (e: { seq: number }) => {
      const t0 = sentAt.get(e.seq);
      if (t0 !== undefined) latencies.push(performance.now() - t0);
      received++;
    };
    for (let i = 0; i < clients; i++) {
      const s = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token } });
      await new Promise<void>((resolve, reject) => {
        s.once('connect', () => resolve());
        s.once('connect_error', reject);
      });
      if (opts.batch) s.on('batch', ({ events }: { events: { seq: number }[] }) => events.forEach(onEvent));
      else s.on('ticket.updated', onEvent);
      const ack = await s.emitWithAck('subscribe', {
        groups: [groups[i % groups.length]],
        batch: opts.batch ?? false,
        snapshot: false,
      });
      if (!ack.ok) throw new Error(JSON.stringify(ack));
      sockets.push(s);
    }
    // Each tick publishes the events due so far, so the rate holds even when timers run late.
    const total = rate * seconds;
    const start = performance.now();
    let published = 0;
    let expected = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
        for (; published < due; published++) {
          const group = groups[published % groups.length] as string;
          const ticket: Ticket = {
            ...template,
            id: `t_bench_${published}`,
            group,
            collaborators: [],
            version: published + 2,
          };
          expected += Math.ceil((clients - groups.indexOf(group)) / groups.length);
          const seq = sb.events.lastSeq + 1;
          sentAt.set(seq, performance.now());
          sb.events.publish({ type: 'ticket.updated', data: { ticket, changes: { status: ['new', 'open'] } } });
        }
        if (published < total) setTimeout(tick, 2);
        else resolve();
      };
      tick();
    });
    const deadline = performance.now() + 10_000;
    while (received < expected && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const elapsed = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    for (const s of sockets) s.close();
    return {
      clients,
      groups: groups.length,
      mode: opts.batch ? 'batch' : 'per-event',
      eventsPublished: published,
      eventsPerSecond: rate,
      deliveriesExpected: expected,
      deliveriesReceived: received,
      deliveriesPerSecond: Math.round(received / elapsed),
      p50Ms: +percentile(latencies, 50).toFixed(2),
      p99Ms: +percentile(latencies, 99).toFixed(2),
      maxMs: +(latencies.at(-1) ?? NaN).toFixed(2),
      goalP99Ms: 100,
      meetsGoal: percentile(latencies, 99) <= 100 && received === expected,
    };
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  console.log(JSON.stringify(await run({ quick }), null, 2));
  console.log(JSON.stringify(await run({ quick, batch: true }), null, 2));
}
