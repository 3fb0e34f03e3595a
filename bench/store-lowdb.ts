// Measures the lowdb store: write throughput, snapshot cost, open time, event-loop stalls, and
// monthly archiving: the largest event-loop stall that persistence (snapshot, compaction,
// archive writes, archive month loads) causes at 50k resident tickets, and the hot file's size
// before and after archiving.
// Run: node --import tsx bench/store-lowdb.ts [--quick]   (also part of `npm run bench`)
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PerformanceObserver } from 'node:perf_hooks';
import { createLowdbStore, type LowdbStore, type LowdbStoreOptions } from '../src/store/lowdb/index.ts';
import type { Ticket } from '../src/core/model/ticket.ts';
import { createManualClock } from '../src/core/util/clock.ts';
import { makeTicket } from '../test/helpers/ticket-fixture.ts';

/**
 * Largest gap between 1 ms ticks while `fn` runs: how long the event loop was blocked. On a
 * shared machine a gap can also be the process waiting for a core, so each gap's CPU time (all of
 * the process's threads, so GC helpers and fs work count too) is measured as well: maxBusyMs is
 * the most CPU any one gap used, an upper bound for the blocking this process itself caused.
 * The longest GC pause is reported apart.
 */
async function withStallMeter<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; maxStallMs: number; maxBusyMs: number; maxGcMs: number; ms: number }> {
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let max = 0;
  let maxBusy = 0;
  let maxGc = 0;
  const started = last;
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) maxGc = Math.max(maxGc, e.duration);
  });
  gc.observe({ entryTypes: ['gc'] });
  const tick = () => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    max = Math.max(max, now - last - 1);
    maxBusy = Math.max(maxBusy, Math.min(now - last, (cpu.user + cpu.system) / 1000) - 1);
    last = now;
    lastCpu = process.cpuUsage();
  };
  const timer = setInterval(tick, 1);
  try {
    const result = await fn();
    tick();
    return {
      result,
      maxStallMs: max,
      maxBusyMs: Math.max(0, maxBusy),
      maxGcMs: maxGc,
      ms: performance.now() - started,
    };
  } finally {
    clearInterval(timer);
    gc.disconnect();
  }
}

const round = (n: number) => Math.round(n * 10) / 10;
const mb = (bytes: number) => round(bytes / 1e6);
const dayMs = 86_400_000;

/** Write throughput, one plain snapshot at `total` hot tickets, reopen. */
async function throughput(total: number): Promise<Record<string, unknown>[]> {
  const dir = await mkdtemp(join(tmpdir(), 'swb-bench-'));
  const rows: Record<string, unknown>[] = [];
  const ticket = (i: number) =>
    makeTicket({
      id: `b${String(i).padStart(7, '0')}`,
      createdAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    });
  try {
    const store = createLowdbStore({ dir, snapshotEveryRecords: 1e12, snapshotEveryMs: 0, snapshotOnClose: false });
    await store.open();
    const t0 = performance.now();
    const n1 = Math.min(2000, total / 10);
    for (let i = 0; i < n1; i++) await store.insert(ticket(i));
    rows.push({ case: '1 writer inserts', n: n1, perSecond: Math.round((n1 / (performance.now() - t0)) * 1000) });
    let next = n1;
    const before = store.stats().journal;
    const writers = await withStallMeter(() =>
      Promise.all(
        Array.from({ length: 200 }, async () => {
          while (next < total / 5) await store.insert(ticket(next++));
        }),
      ),
    );
    const after = store.stats().journal;
    rows.push({
      case: '200 writers inserts',
      n: total / 5 - n1,
      perSecond: Math.round(((total / 5 - n1) / writers.ms) * 1000),
      recordsPerFsync: round((after.records - before.records) / (after.batches - before.batches)),
      maxStallMs: round(writers.maxStallMs),
      maxBusyMs: round(writers.maxBusyMs),
      maxGcMs: round(writers.maxGcMs),
    });
    const batch: Promise<void>[] = [];
    while (next < total) batch.push(store.insert(ticket(next++)));
    await Promise.all(batch);
    const snap = await withStallMeter(() => store.compact());
    const s = store.stats().lastSnapshot!;
    rows.push({
      case: `snapshot of ${total} hot`,
      ms: round(snap.ms),
      captureMs: round(s.captureMs),
      hotFileMB: mb((await stat(join(dir, 'tickets.json'))).size),
      maxStallMs: round(snap.maxStallMs),
      maxBusyMs: round(snap.maxBusyMs),
      maxGcMs: round(snap.maxGcMs),
    });
    const tail: Promise<void>[] = [];
    for (let i = 0; i < 10_000; i++)
      tail.push(store.update(makeTicket({ ...ticket(i), version: 2, status: 'open' }), 1));
    await Promise.all(tail);
    await store.close();
    const again = createLowdbStore({ dir, snapshotOnClose: false });
    const open = await withStallMeter(() => again.open());
    rows.push({
      case: `open: ${total} + 10000 journal records`,
      ms: round(open.ms),
      maxStallMs: round(open.maxStallMs),
      maxBusyMs: round(open.maxBusyMs),
      maxGcMs: round(open.maxGcMs),
    });
    await again.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

/**
 * 120 days of tickets (1,000 a day at full size): a fifth stay open (backlog), the rest close 1–5
 * days after they were created. On day 121, with a 30-day archive age, about 49k tickets stay
 * resident (half of them closed recently) and 71k move to four month files.
 */
function historyTicket(i: number, perDay: number): Ticket {
  const start = Date.UTC(2026, 0, 1);
  const created = start + Math.floor(i / perDay) * dayMs + Math.floor(((i % perDay) / perDay) * dayMs);
  const closed = i % 5 !== 0 && created + 5 * dayMs < start + 120 * dayMs;
  const closedAt = new Date(created + (1 + (i % 5)) * dayMs).toISOString();
  return makeTicket({
    id: `h${String(i).padStart(7, '0')}`,
    createdAt: new Date(created).toISOString(),
    updatedAt: closed ? closedAt : new Date(created).toISOString(),
    status: closed ? 'closed' : i % 3 === 0 ? 'pending' : 'open',
    group: ['support', 'tech', 'vip'][i % 3]!,
    ...(closed ? { closedAt } : {}),
  });
}

async function archiving(perDay: number): Promise<Record<string, unknown>[]> {
  const dir = await mkdtemp(join(tmpdir(), 'swb-bench-archive-'));
  const rows: Record<string, unknown>[] = [];
  const clock = createManualClock('2026-05-01T00:00:00Z');
  const base: LowdbStoreOptions = { dir, clock, snapshotEveryRecords: 1e12, snapshotEveryMs: 0 };
  const total = perDay * 120; // generated on the fly: the bench holds no copy of them (less GC noise)
  const hotSize = async () => mb((await stat(join(dir, 'tickets.json'))).size);
  let store: LowdbStore | undefined;
  try {
    store = createLowdbStore({ ...base, archiveClosedAfterDays: false });
    await store.open();
    for (let i = 0; i < total; i += 2000)
      await Promise.all(
        Array.from({ length: Math.min(2000, total - i) }, (_, k) => store!.insert(historyTicket(i + k, perDay))),
      );
    const plain = await withStallMeter(() => store!.compact());
    rows.push({
      case: `snapshot, archiving off`,
      hot: store.stats().tickets,
      archived: 0,
      ms: round(plain.ms),
      hotFileMB: await hotSize(),
      maxStallMs: round(plain.maxStallMs),
      maxBusyMs: round(plain.maxBusyMs),
      maxGcMs: round(plain.maxGcMs),
    });
    await store.close();

    store = createLowdbStore({ ...base, archiveClosedAfterDays: 30 });
    await store.open();
    // the first archiving compaction, with 50 writers inserting (and fsyncing) all the while
    let next = 0;
    let writing = true;
    const writers = Promise.all(
      Array.from({ length: 50 }, async () => {
        while (writing)
          await store!.insert(
            makeTicket({ id: `w${String(next++).padStart(7, '0')}`, createdAt: '2026-04-30T12:00:00.000Z' }),
          );
      }),
    );
    const first = await withStallMeter(() => store!.compact());
    writing = false;
    await writers;
    const firstArchived = store.stats().lastSnapshot!.archived;
    // the rest of the backlog, at most 10,000 per compaction
    const drain = await withStallMeter(async () => {
      let runs = 0;
      for (let before = -1; store!.stats().archive.tickets !== before && runs < 100; runs++) {
        before = store!.stats().archive.tickets;
        await store!.compact();
      }
      return runs - 1;
    });
    const s = store.stats();
    const months = (await readdir(join(dir, 'archive'))).filter((n) => n.endsWith('.json'));
    let archiveBytes = 0;
    for (const m of months) archiveBytes += (await stat(join(dir, 'archive', m))).size;
    const meter = (m: { ms: number; maxStallMs: number; maxBusyMs: number; maxGcMs: number }) => ({
      ms: round(m.ms),
      maxStallMs: round(m.maxStallMs),
      maxBusyMs: round(m.maxBusyMs),
      maxGcMs: round(m.maxGcMs),
    });
    rows.push({
      case: `first archiving compaction: ${firstArchived} moved, ${next} inserts meanwhile`,
      ...meter(first),
    });
    rows.push({
      case: `${drain.result} more compactions drain the backlog`,
      hot: s.tickets,
      archived: s.archive.tickets,
      hotFileMB: await hotSize(),
      archiveMB: mb(archiveBytes),
      ...meter(drain),
    });
    // steady state: a day later, one more day's closes age out (rewrites April's month file)
    await clock.advance(dayMs);
    const daily = await withStallMeter(() => store!.compact());
    rows.push({
      case: `next day's compaction (archives ${store.stats().lastSnapshot!.archived})`,
      hot: store.stats().tickets,
      archived: store.stats().archive.tickets,
      ms: round(daily.ms),
      hotFileMB: await hotSize(),
      maxStallMs: round(daily.maxStallMs),
      maxBusyMs: round(daily.maxBusyMs),
      maxGcMs: round(daily.maxGcMs),
    });
    await store.insert(makeTicket({ id: 'one-more' }));
    const steady = await withStallMeter(() => store!.compact());
    rows.push({
      case: 'snapshot, nothing to archive',
      hot: store.stats().tickets,
      archived: store.stats().archive.tickets,
      ms: round(steady.ms),
      hotFileMB: await hotSize(),
      maxStallMs: round(steady.maxStallMs),
      maxBusyMs: round(steady.maxBusyMs),
      maxGcMs: round(steady.maxGcMs),
    });
    await store.close();

    store = createLowdbStore({ ...base, archiveClosedAfterDays: 30 });
    const open = await withStallMeter(() => store!.open());
    rows.push({
      case: 'open',
      hot: store.stats().tickets,
      archived: store.stats().archive.tickets,
      ms: round(open.ms),
      maxStallMs: round(open.maxStallMs),
      maxBusyMs: round(open.maxBusyMs),
      maxGcMs: round(open.maxGcMs),
    });
    const cold = await withStallMeter(() => store!.get(historyTicket(1, perDay).id)); // January: a month load
    rows.push({
      case: 'get archived ticket, cold month (loads it)',
      ms: round(cold.ms),
      maxStallMs: round(cold.maxStallMs),
      maxBusyMs: round(cold.maxBusyMs),
      maxGcMs: round(cold.maxGcMs),
    });
    const warm = await withStallMeter(() => store!.get(historyTicket(3, perDay).id));
    rows.push({
      case: 'get archived ticket, month cached',
      ms: round(warm.ms),
      maxStallMs: round(warm.maxStallMs),
      maxBusyMs: round(warm.maxBusyMs),
      maxGcMs: round(warm.maxGcMs),
    });
    const page = await withStallMeter(async () => {
      let cursor: string | undefined;
      let n = 0;
      do {
        const p: Awaited<ReturnType<LowdbStore['list']>> = await store!.list({
          status: ['closed'],
          group: ['vip'],
          limit: 500,
          ...(cursor ? { cursor } : {}),
        });
        n += p.items.length;
        cursor = p.nextCursor;
      } while (cursor);
      return n;
    });
    rows.push({
      case: `list every closed vip ticket (${page.result}, pages of 500)`,
      ms: round(page.ms),
      maxStallMs: round(page.maxStallMs),
      maxBusyMs: round(page.maxBusyMs),
      maxGcMs: round(page.maxGcMs),
    });
  } finally {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

export async function benchStoreLowdb(opts: { quick?: boolean } = {}): Promise<Record<string, unknown>> {
  return {
    storeLowdb: await throughput(opts.quick ? 10_000 : 50_000),
    storeLowdbArchive: await archiving(opts.quick ? 200 : 1000),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchStoreLowdb({ quick: process.argv.includes('--quick') });
  for (const [key, rows] of Object.entries(result)) {
    console.log(`\n${key}`);
    console.table(rows);
  }
}
