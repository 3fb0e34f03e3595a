import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ticket } from '../src/core/model/ticket.ts';
import { run as cli } from '../src/cli/main.ts';
import { lastReportDay } from '../src/core/metrics/day-range.ts';
import { createPostgresStore } from '../src/postgres/index.ts';
import { createLowdbStore } from '../src/store/lowdb/index.ts';
import { basePresetDir, loadBasePolicy } from '../test/helpers/base-policy.ts';
import { benchTickets } from './metrics-fixtures.ts';
import { memoryByKind } from './cold-start-memory.ts';

const child = fileURLToPath(new URL('./cold-start-child.ts', import.meta.url));
const main = fileURLToPath(new URL('./main.mjs', import.meta.url));
const DAY = 86_400_000;
const int = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) ? Number(v) : d);

/** One process start to its first accepted ticket (what the process measured and what the parent saw). */
export async function coldStart(
  arg: object,
): Promise<{ ms: number; rss: number; tickets: number; views: string; rebuiltBecause?: string }> {
  const t0 = performance.now();
  // SWB_BENCH_COLD_HEAP_MB: a larger V8 heap for the measured process (the default is about 4 GiB)
  const heap = process.env.SWB_BENCH_COLD_HEAP_MB ? [`--max-old-space-size=${process.env.SWB_BENCH_COLD_HEAP_MB}`] : [];
  const proc = spawn(process.execPath, ['--expose-gc', ...heap, main, child, JSON.stringify(arg)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    proc.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl !== -1) resolve(out.slice(0, nl));
    });
    proc.once('exit', (code) => reject(new Error(`cold start child exited (${code}):\n${err}`)));
  });
  const ms = performance.now() - t0;
  await new Promise<void>((resolve) => (proc.exitCode !== null ? resolve() : proc.once('exit', () => resolve())));
  const r = JSON.parse(line) as { rss: number; tickets: number; views: string; rebuiltBecause?: string };
  return {
    ms: Math.round(ms),
    rss: r.rss,
    tickets: r.tickets,
    views: r.views,
    ...(r.rebuiltBecause ? { rebuiltBecause: r.rebuiltBecause } : {}),
  };
}

/** Resolved tickets stay hot; closed ones (closed long ago) go to the archive at the first compaction. */
export function* storeTickets(
  policy: Awaited<ReturnType<typeof loadBasePolicy>>,
  hot: number,
  archived: number,
): Generator<Ticket> {
  let h = 0;
  let a = 0;
  const categories = [...policy.categories.keys()];
  for (const generated of benchTickets(policy, (hot + archived) * 3)) {
    const resolvedAt = generated.resolvedAt;
    if (!resolvedAt) continue;
    // the base policy's own categories, so the start's policy check finds nothing to migrate
    const t: Ticket = { ...generated, category: categories[(h + a) % categories.length]! };
    if (a < archived && a * hot <= h * archived) {
      a++;
      yield {
        ...t,
        status: 'closed',
        closedAt: resolvedAt,
        updatedAt: resolvedAt,
      } satisfies Ticket;
    } else if (h < hot) {
      h++;
      yield t;
    }
    if (h >= hot && a >= archived) return;
  }
}

/**
 * Cold start: process start to the first accepted ticket over a lowdb store of `hot` resident
 * tickets plus `archived` in month files, first rebuilding the views from every ticket (no saved
 * views yet), then loading the views saved by that run; the same with PostgreSQL when
 * DATABASE_URL is set. Also `switchboard report daily` over the store, and resident memory per hot
 * ticket, per open ticket and per archived month (cold-start-memory.ts).
 * Sizes: SWB_BENCH_COLD_HOT, SWB_BENCH_COLD_ARCHIVED, SWB_BENCH_COLD_PG (default 200k, 1M, 1M;
 * --quick 20k, 50k, 20k); SWB_BENCH_COLD_HEAP_MB gives the measured process a larger heap.
 */
export async function benchColdStart(opts: { quick?: boolean }): Promise<Record<string, unknown>> {
  const policy = await loadBasePolicy();
  const hot = int(process.env.SWB_BENCH_COLD_HOT, opts.quick ? 20_000 : 200_000);
  const archived = int(process.env.SWB_BENCH_COLD_ARCHIVED, opts.quick ? 50_000 : 1_000_000);
  const pgN = int(process.env.SWB_BENCH_COLD_PG, opts.quick ? 20_000 : 1_000_000);
  const root = await mkdtemp(join(tmpdir(), 'swb-bench-cold-'));
  try {
    const empty = await coldStart({ dir: join(root, 'empty') });
    const dir = join(root, 'data');
    const store = createLowdbStore({
      dir,
      clock: { now: () => new Date(Date.now() + 400 * DAY) } as never,
      snapshotEveryMs: 0,
    });
    await store.open();
    let batch: Promise<void>[] = [];
    let newest = '';
    for (const t of storeTickets(policy, hot, archived)) {
      if (t.createdAt > newest) newest = t.createdAt;
      batch.push(store.insert(t));
      if (batch.length >= 1000) {
        await Promise.all(batch);
        batch = [];
      }
    }
    await Promise.all(batch);
    await store.close();
    const archive = await (async () => {
      // the whole closed history archived in one snapshot (a running store moves 10,000 a snapshot)
      const s = createLowdbStore({
        dir,
        clock: { now: () => new Date(Date.parse(newest) + 60 * DAY) } as never,
        archivePerSnapshot: archived + hot,
      });
      await s.open();
      await s.compact();
      const stats = s.stats();
      await s.close();
      return stats;
    })();
    const rebuild = await coldStart({ dir });
    const loaded = await coldStart({ dir });
    // the newest day the report accepts (a large generated history runs past next year)
    const day = [newest.slice(0, 10), lastReportDay(new Date())].sort()[0]!;
    const t0 = performance.now();
    const said: string[] = [];
    const code = await cli(
      [
        'report',
        'daily',
        '--date',
        day,
        '--data',
        dir,
        '--config',
        basePresetDir,
        '--out',
        join(root, 'reports'),
        '--json',
      ],
      {
        out: (l) => said.push(l),
        err: (l) => said.push(l),
      },
    );
    const reportMs = Math.round(performance.now() - t0);
    if (code !== 0) throw new Error(`report daily failed: ${said.join('\n')}`);
    const result: Record<string, unknown> = {
      coldStart: {
        lowdbMs: loaded.ms,
        lowdbRebuildMs: rebuild.ms,
        emptyMs: empty.ms,
        lowdbHot: archive.tickets,
        lowdbArchived: archive.archive.tickets,
        lowdbViews: loaded.views,
        ...(loaded.rebuiltBecause ? { lowdbRebuiltBecause: loaded.rebuiltBecause } : {}),
        ...(process.env.DATABASE_URL ? await postgresColdStart(policy, pgN, root) : {}),
      },
      reportCli: {
        ms: reportMs,
        tickets: archive.tickets + archive.archive.tickets,
        fromSavedViews: !said.join(' ').includes('reading every ticket'),
      },
      memory: await memoryByKind(
        policy,
        root,
        { hot: archive.tickets, open: archive.tickets, archivedMonths: archive.archive.months },
        { emptyRss: empty.rss, fullRss: loaded.rss },
      ),
    };
    return result;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function postgresColdStart(policy: Awaited<ReturnType<typeof loadBasePolicy>>, n: number, _root: string) {
  const url = process.env.DATABASE_URL!;
  const schema = `bench_cold_${process.pid}`;
  const store = createPostgresStore({ connectionString: url, schema });
  await store.open();
  try {
    let batch: Promise<void>[] = [];
    for (const t of storeTickets(policy, n, 0)) {
      batch.push(store.insert(t));
      if (batch.length >= 2000) {
        await Promise.all(batch);
        batch = [];
      }
    }
    await Promise.all(batch);
    const rebuild = await coldStart({ databaseUrl: url, schema });
    const loaded = await coldStart({ databaseUrl: url, schema });
    return {
      postgresMs: loaded.ms,
      postgresRebuildMs: rebuild.ms,
      postgresTickets: n,
      postgresViews: loaded.views,
      ...(loaded.rebuiltBecause ? { postgresRebuiltBecause: loaded.rebuiltBecause } : {}),
    };
  } finally {
    await store.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await store.close();
  }
}
