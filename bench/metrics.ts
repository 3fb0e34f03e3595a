import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '../src/core/metrics/days.ts';
import { createMetricsIndex } from '../src/core/metrics/metrics-index.ts';
import { measureTicket, type Dimension } from '../src/core/metrics/ticket-measures.ts';
import { metricsSettings } from '../src/core/metrics/settings.ts';
import { scanTickets } from '../src/runtime/metrics/scan-store.ts';
import { writeDailyReport } from '../src/report/write-daily.ts';
import { createReportFilter } from '../src/report/report-horizon.ts';
import { buildDailyReport } from '../src/report/daily-report.ts';
import { renderDailyHtml } from '../src/report/render-html.ts';
import { createLowdbStore } from '../src/store/lowdb/index.ts';
import type { Ticket } from '../src/core/model/ticket.ts';
import { loadBasePolicy } from '../test/helpers/base-policy.ts';
import { benchTickets } from './metrics-fixtures.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => +x.toFixed(2);

/**
 * GET /api/metrics speed over N tickets (aggregates) against a naive scan that measures every
 * ticket per request, in the same run; and the daily report end to end from a lowdb store.
 */
export async function benchMetrics(opts: { quick?: boolean }): Promise<Record<string, unknown>> {
  const policy = await loadBasePolicy();
  const n = opts.quick ? 100_000 : 1_000_000;
  const reportN = opts.quick ? 20_000 : 100_000;
  // Daily report end to end, first (before the million-ticket heap exists): open a lowdb store of reportN tickets, build the index, write files.
  const dir = await mkdtemp(join(tmpdir(), 'swb-bench-report-'));
  let report: Record<string, unknown>;
  try {
    const store = createLowdbStore({ dir });
    await store.open();
    const all = [...benchTickets(policy, reportN)].reverse(); // newest first: appends to the list order
    for (let i = 0; i < all.length; i += 1000) await Promise.all(all.slice(i, i + 1000).map((t) => store.insert(t)));
    await store.close();
    const day = all[0]!.createdAt.slice(0, 10);
    all.length = 0;
    const s = performance.now();
    const cpu1 = process.cpuUsage();
    const reopened = createLowdbStore({ dir });
    await reopened.open();
    const opened = performance.now();
    const idx = createMetricsIndex({ policy: () => policy, pairs: false });
    const relevant = createReportFilter(day, policy.timezone);
    let applied = 0;
    for await (const t of scanTickets(reopened)) if (relevant(t)) idx.apply(t), applied++;
    const indexed = performance.now();
    await writeDailyReport(idx, policy, day, join(dir, 'out'));
    const done = performance.now();
    await reopened.close();
    report = {
      tickets: reportN,
      ticketsInReportWindow: applied,
      totalMs: Math.round(done - s),
      cpuMs: Math.round(process.cpuUsage(cpu1).user / 1000),
      openStoreMs: Math.round(opened - s),
      buildIndexMs: Math.round(indexed - opened),
      renderAndWriteMs: Math.round(done - indexed),
      withinBudget5s: done - s <= 5000,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const index = createMetricsIndex({ policy: () => policy });
  const tickets: Ticket[] = [];
  for (const t of benchTickets(policy, n)) tickets.push(t);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (const t of tickets) index.apply(t);
  const buildMs = performance.now() - t0;
  const buildCpuMs = process.cpuUsage(cpu0).user / 1000;
  const lastDay = tickets[tickets.length - 1]!.createdAt.slice(0, 10);
  const queries: { name: string; from: string; to: string; groupBy: Dimension[] }[] = [
    {
      name: '30 days by channel, priority',
      from: addDays(lastDay, -29),
      to: lastDay,
      groupBy: ['channel', 'priority'],
    },
    { name: '30 days by agent', from: addDays(lastDay, -29), to: lastDay, groupBy: ['agent'] },
    { name: 'all time by group, tier', from: '2026-09-01', to: lastDay, groupBy: ['group', 'tier'] },
    { name: '1 day, no grouping', from: lastDay, to: lastDay, groupBy: [] },
  ];
  const settings = metricsSettings(policy);
  const rows = queries.map((q) => {
    const c0 = performance.now();
    index.query(q); // the first query of a grouping may build its projection
    const coldMs = performance.now() - c0;
    const times: number[] = [];
    for (let i = 0; i < (opts.quick ? 5 : 15); i++) {
      const s = performance.now();
      index.query(q);
      times.push(performance.now() - s);
    }
    // Naive: what answering without aggregates costs: measure and group every ticket in the window.
    const naiveTimes: number[] = [];
    for (let i = 0; i < (opts.quick ? 1 : 2); i++) {
      const s = performance.now();
      const from = Date.parse(`${q.from}T00:00:00+08:00`);
      const to = Date.parse(`${addDays(q.to, 1)}T00:00:00+08:00`);
      const groups = new Map<string, number>();
      for (const t of tickets) {
        const at = Date.parse(t.createdAt);
        if (at < from || at >= to) continue;
        const m = measureTicket(t, policy, settings);
        const key = q.groupBy.map((d) => m.dims[d]).join('|');
        groups.set(key, (groups.get(key) ?? 0) + (m.frt?.businessMs ?? 0));
      }
      naiveTimes.push(performance.now() - s);
    }
    const med = median(times);
    return {
      query: q.name,
      tickets: n,
      firstQueryMs: ms(coldMs),
      aggregateMs: ms(med),
      naiveScanMs: ms(median(naiveTimes)),
      speedup: Math.round(median(naiveTimes) / med),
    };
  });
  tickets.length = 0;
  const r0 = performance.now();
  const live = renderDailyHtml(buildDailyReport(index, policy, lastDay));
  const liveReportMs = performance.now() - r0;

  return {
    metrics: {
      buildAggregatesMs: Math.round(buildMs),
      buildAggregatesCpuMs: Math.round(buildCpuMs),
      ticketsPerSecond: Math.round(n / (buildMs / 1000)),
      queries: rows,
      dailyReportFromLiveAggregates: { tickets: n, ms: ms(liveReportMs), htmlBytes: live.length },
      dailyReport: report,
    },
  };
}
