// Measures the lowdb store: write throughput, snapshot cost, open time, event-loop stalls.
// Run: node --import tsx bench/store-lowdb.ts [tickets=50000]
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLowdbStore } from '../src/store/lowdb/index.ts';
import { makeTicket } from '../test/helpers/ticket-fixture.ts';

/** Largest gap between 1 ms ticks while `fn` runs: how long the event loop was blocked. */
async function withStallMeter<T>(fn: () => Promise<T>): Promise<{ result: T; maxStallMs: number }> {
  let last = performance.now();
  let max = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    max = Math.max(max, now - last - 1);
    last = now;
  }, 1);
  try {
    const result = await fn();
    return { result, maxStallMs: max };
  } finally {
    clearInterval(timer);
  }
}

const ms = (n: number) => `${n.toFixed(1)} ms`;
const total = Number(process.argv[2] ?? 50_000);
const dir = await mkdtemp(join(tmpdir(), 'swb-bench-'));
const ticket = (i: number) => makeTicket({ id: `b${String(i).padStart(7, '0')}`, createdAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString() });
console.log(`ticket JSON size: ${JSON.stringify(ticket(0)).length} bytes`);

try {
  const store = createLowdbStore({ dir, snapshotEveryRecords: 1e12, snapshotEveryMs: 0, snapshotOnClose: false });
  await store.open();

  let t0 = performance.now();
  const n1 = 2000;
  for (let i = 0; i < n1; i++) await store.insert(ticket(i));
  let dt = performance.now() - t0;
  console.log(`1 writer:  ${n1} inserts in ${ms(dt)} = ${Math.round((n1 / dt) * 1000)}/s`);

  let next = n1;
  const before = store.stats().journal;
  t0 = performance.now();
  const meter = await withStallMeter(() =>
    Promise.all(
      Array.from({ length: 200 }, async () => {
        while (next < 10_000) await store.insert(ticket(next++));
      }),
    ),
  );
  dt = performance.now() - t0;
  const after = store.stats().journal;
  const batches = after.batches - before.batches;
  console.log(
    `200 writers: ${10_000 - n1} inserts in ${ms(dt)} = ${Math.round(((10_000 - n1) / dt) * 1000)}/s; ` +
      `${batches} fsync batches, ${((after.records - before.records) / batches).toFixed(1)} records/batch; max stall ${ms(meter.maxStallMs)}`,
  );

  for (const size of [10_000, total]) {
    const batch: Promise<void>[] = [];
    while (next < size) batch.push(store.insert(ticket(next++)));
    await Promise.all(batch);
    const m = await withStallMeter(() => store.compact());
    const snap = store.stats().lastSnapshot!;
    const bytes = (await stat(join(dir, 'tickets.json'))).size;
    console.log(
      `snapshot @ ${size}: capture ${ms(snap.captureMs)}, write ${ms(snap.writeMs)} (${(bytes / 1e6).toFixed(1)} MB), max stall ${ms(m.maxStallMs)}`,
    );
    // what a plain lowdb write would block the loop for: one JSON.stringify of everything
    const objects = Array.from({ length: size }, (_, i) => ticket(i));
    t0 = performance.now();
    JSON.stringify({ tickets: objects });
    console.log(`  for comparison, one JSON.stringify of ${size} tickets: ${ms(performance.now() - t0)}`);
  }

  // a journal tail to replay on open
  const tail: Promise<void>[] = [];
  for (let i = 0; i < 10_000; i++) tail.push(store.update(makeTicket({ ...ticket(i), version: 2, status: 'open' }), 1));
  await Promise.all(tail);
  await store.close();

  const again = createLowdbStore({ dir, snapshotOnClose: false });
  t0 = performance.now();
  const m = await withStallMeter(() => again.open());
  console.log(`open: ${total} from snapshot + 10000 journal records in ${ms(performance.now() - t0)} (max stall ${ms(m.maxStallMs)})`);
  (globalThis as { gc?: () => void }).gc?.();
  const mem = process.memoryUsage();
  console.log(`heap used after open: ${(mem.heapUsed / 1e6).toFixed(0)} MB`);
  t0 = performance.now();
  const page = await again.list({ status: ['open'], limit: 50 });
  const open = await again.openTickets();
  console.log(`list page (filtered): ${page.items.length}; openTickets ${open.length} in ${ms(performance.now() - t0)}`);
  await again.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
