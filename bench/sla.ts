import { createSlaRunner } from '../src/runtime/sla/sla-runner.ts';
import { createEventBus } from '../src/core/events/bus.ts';
import { createDeadlineScheduler } from '../src/core/sla/scheduler.ts';
import type { Store } from '../src/store/types.ts';
import type { TicketService } from '../src/runtime/ticket-service.ts';
import type { Policy } from '../src/core/policy/types.ts';
import { systemClock } from '../src/core/util/clock.ts';
import { silentLogger } from '../src/telemetry/logger.ts';

/**
 * SLA scheduler at scale: N open tickets armed (1M by default) with deadlines spread over 30
 * days. (1) Cost to find one minute's due work: heap takeDue vs a full scan over the
 * tickets' due times (the baseline a periodic sweeper pays), as a ratio in the same run.
 * (2) Lateness: the real runner (one setTimeout re-armed) fires deadlines that come due while
 * N tickets are armed; how late past their due instant they reach the ticket service.
 */
export async function run(opts: { quick?: boolean } = {}): Promise<Record<string, unknown>> {
  const n = opts.quick ? 100_000 : 1_000_000;
  const now = Date.parse('2026-01-05T09:00:00Z');
  const span = 30 * 86_400_000;
  const tickets = Array.from({ length: n }, (_, i) => ({
    id: `t${i}`,
    dueAt: new Date(now + (((i * 7919) % n) / n) * span + 1).toISOString(),
  }));

  const s = createDeadlineScheduler();
  let t0 = performance.now();
  for (const t of tickets) s.arm(t.id, Date.parse(t.dueAt));
  const armMs = performance.now() - t0;

  // Due work per minute (what a to-the-minute sweeper would look for): ~23 tickets at 1M over
  // 30 days. A few warm-up rounds first so the JIT has compiled takeDue.
  const step = 60_000;
  for (let r = 1; r <= 20; r++) s.takeDue(now + r * step);
  const first = now + 20 * step;
  const rounds = opts.quick ? 100 : 500;
  let found = 0;
  t0 = performance.now();
  for (let r = 1; r <= rounds; r++) found += s.takeDue(first + r * step).length;
  const heapUs = ((performance.now() - t0) * 1000) / rounds;

  const scanRounds = opts.quick ? 3 : 5;
  let scanned = 0;
  t0 = performance.now();
  for (let r = 1; r <= scanRounds; r++) {
    const limit = first + r * step;
    for (const t of tickets) if (Date.parse(t.dueAt) <= limit) scanned++;
  }
  const scanUs = ((performance.now() - t0) * 1000) / scanRounds;

  const lateness = await measureLateness(tickets.length, opts.quick ? 10 : 30);
  return {
    sla: {
      openTickets: n,
      armAllMs: Math.round(armMs),
      dueFoundPerMinute: +(found / rounds).toFixed(1),
      heapFindDueUs: +heapUs.toFixed(1),
      fullScanUs: Math.round(scanUs),
      scanVsHeapRatio: Math.round(scanUs / heapUs),
      scanMatches: scanned,
      firedLatenessMs: lateness,
    },
  };
}

async function measureLateness(armed: number, samples: number): Promise<{ max: number; p50: number; samples: number }> {
  const fired = new Map<string, number>();
  const due = new Map<string, number>();
  const bus = createEventBus({ clock: systemClock });
  const store = { openTickets: async () => [] } as unknown as Store;
  const service = {
    advance: async (id: string) => {
      fired.set(id, Date.now());
      return undefined;
    },
  } as unknown as TicketService;
  const runner = createSlaRunner({
    store,
    clock: systemClock,
    bus,
    tickets: service,
    policy: () => ({}) as Policy,
    logger: silentLogger,
  });
  await runner.start();
  const start = Date.now();
  for (let i = 0; i < armed; i++) runner.scheduler.arm(`far${i}`, start + 86_400_000 + i);
  for (let i = 0; i < samples; i++) {
    const at = Date.now() + 20 + i * 15;
    due.set(`near${i}`, at);
    runner.scheduler.arm(`near${i}`, at);
  }
  // arm() through the scheduler directly skips the runner's wake-up: poke it once.
  await runner.runDue();
  const deadline = Date.now() + 5000;
  while (fired.size < samples && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  runner.stop();
  const late = [...due].map(([id, at]) => (fired.get(id) ?? Infinity) - at).sort((a, b) => a - b);
  return { max: late[late.length - 1] ?? 0, p50: late[Math.floor(late.length / 2)] ?? 0, samples };
}
