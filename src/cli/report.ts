import { SwitchboardError } from '../core/errors/index.ts';
import { isDay } from '../core/metrics/days.ts';
import { firstReportDay, lastReportDay } from '../core/metrics/day-range.ts';

/** YYYY-MM-DD naming a day that exists: Date.parse rolls 2026-11-31 over to December 1. */
const isRealDay = (s: string) => isDay(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
import { createMetricsIndex, type MetricsIndex } from '../core/metrics/metrics-index.ts';
import type { Policy } from '../core/policy/types.ts';
import { captureViews, restoreViews } from '../runtime/saved-views.ts';
import type { LowdbStore } from '../store/lowdb/index.ts';
import { scanTickets } from '../runtime/metrics/scan-store.ts';
import { writeDailyReport, writeDailyFiles } from '../report/write-daily.ts';
import { dailyReportDimensions, type DailyReport } from '../report/daily-report.ts';
import { callServer, lockedHint, serverTarget } from './server-client.ts';
import { createReportFilter } from '../report/report-horizon.ts';
import { createLowdbStore, readSavedViews } from '../store/lowdb/index.ts';
import { parseCommandArgs } from './args.ts';
import type { CliIo } from './io.ts';
import { loadCliPolicy } from './load-policy.ts';

/**
 * `switchboard report daily --date YYYY-MM-DD [--data DIR] [--config DIR | --preset NAME] [--out DIR] [--json]`
 * `switchboard report daily --server URL --token T [--date YYYY-MM-DD] [--out DIR] [--json]`: the
 * report of a running server (GET /api/reports/daily, from its live aggregates), written the same way.
 */
export async function reportCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      date: { type: 'string' },
      data: { type: 'string' },
      config: { type: 'string' },
      preset: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      server: { type: 'string' },
      token: { type: 'string' },
    },
    'report',
  );
  if (positionals[0] !== 'daily')
    throw new SwitchboardError(
      'SWB_CLI_USAGE',
      `report: the only report is "daily" (switchboard report daily --date YYYY-MM-DD), got "${positionals[0] ?? ''}"`,
    );
  const target = serverTarget(values, 'report daily');
  if (!values.date && !target)
    throw new SwitchboardError(
      'SWB_CLI_USAGE',
      'report daily: --date YYYY-MM-DD is required (a local day in the policy time zone)',
    );
  if (values.date !== undefined && !isRealDay(values.date))
    throw new SwitchboardError(
      'SWB_CLI_USAGE',
      `report daily: --date ${values.date} is not a day of the calendar; write a real date as YYYY-MM-DD, e.g. 2026-11-30`,
      { path: '--date' },
    );
  const last = lastReportDay(new Date());
  if (values.date !== undefined && (values.date < firstReportDay || values.date > last))
    throw new SwitchboardError('SWB_CLI_USAGE', `report daily: --date must be a day from ${firstReportDay} to ${last}`);
  if (target) {
    for (const local of ['data', 'config', 'preset'] as const)
      if (values[local] !== undefined)
        throw new SwitchboardError(
          'SWB_CLI_USAGE',
          `report daily: --${local} and --server do not go together (the server reports from its own data and policy)`,
          { path: `--${local}` },
        );
    const query = values.date ? `?date=${values.date}` : '';
    const report = (await callServer(target, 'GET', `/reports/daily${query}`)) as DailyReport;
    // the date names the files written: only a real day from the server
    if (typeof report?.date !== 'string' || !isRealDay(report.date) || typeof report.day?.tickets !== 'number')
      throw new SwitchboardError(
        'SWB_CLI_USAGE',
        `--server ${target.url}: GET /api/reports/daily did not answer a daily report`,
      );
    const files = await writeDailyFiles(report, values.out ?? 'reports');
    printReport(report, files, io, values.json === true);
    return 0;
  }
  const date = values.date!;
  const policy = await loadCliPolicy(values);
  const dir = values.data ?? 'data';
  const quick = await quickIndex(dir, policy, io);
  if (quick) {
    const { report, files } = await writeDailyReport(quick, policy, date, values.out ?? 'reports');
    printReport(report, files, io, values.json === true);
    return 0;
  }
  const store = createLowdbStore({ dir });
  await store.open().catch((err: unknown) => {
    throw lockedHint(err, 'report');
  });
  try {
    const index = await reportIndex(store, policy, date, io);
    const { report, files } = await writeDailyReport(index, policy, date, values.out ?? 'reports');
    printReport(report, files, io, values.json === true);
    return 0;
  } finally {
    await store.close();
  }
}

/**
 * The saved aggregates brought up to date without opening the store (readSavedViews: the views
 * file, the journal since, the few tickets they lag behind); undefined when that read cannot be
 * settled (said on stderr) or the views do not fit the policy: then the store is opened.
 */
async function quickIndex(dir: string, policy: Policy, io: CliIo): Promise<MetricsIndex | undefined> {
  const loaded = await readSavedViews(dir).catch((err: unknown) => {
    throw lockedHint(err, 'report');
  });
  if (!('lines' in loaded)) {
    io.err(`report daily: opening the whole store, since ${loaded.unusable}`);
    return undefined;
  }
  const restored = restoreViews(loaded.lines, policy, { only: dailyReportDimensions });
  if (typeof restored === 'string') return undefined; // the full read says why, and rebuilds
  for await (const page of loaded.changed((id) => restored.metrics.versionOf(id)))
    for (const t of page) restored.metrics.apply(t);
  return restored.metrics;
}

/**
 * The aggregates saved beside the snapshot plus the tickets changed since (the store then saves
 * them again with any snapshot it writes on close); without usable saved views, the tickets the
 * report can show, measured one by one (nothing is saved from that partial index).
 */
async function reportIndex(store: LowdbStore, policy: Policy, date: string, io: CliIo): Promise<MetricsIndex> {
  const loaded = await store.savedViews.load();
  const restored = 'lines' in loaded ? restoreViews(loaded.lines, policy, { pairs: false }) : loaded.unusable;
  if (typeof restored !== 'string' && 'lines' in loaded) {
    for await (const page of loaded.changed((id) => restored.metrics.versionOf(id)))
      for (const t of page) {
        restored.metrics.apply(t);
        restored.tasks.apply(t);
      }
    store.savedViews.keep((limits) => captureViews(restored.metrics, restored.tasks, policy, limits));
    return restored.metrics;
  }
  io.err(`report daily: reading every ticket, since ${restored} (a server start saves the aggregates again)`);
  const index = createMetricsIndex({ policy: () => policy, pairs: false });
  const relevant = createReportFilter(date, policy.timezone);
  for await (const t of scanTickets(store)) if (relevant(t)) index.apply(t);
  return index;
}

function printReport(report: DailyReport, files: string[], io: CliIo, json: boolean): void {
  if (json) io.out(JSON.stringify({ files, flagged: report.flagged, tickets: report.day.tickets }));
  else {
    io.out(
      `daily report ${report.date}: ${report.day.tickets} tickets, backlog ${report.day.backlog}${report.flagged.length ? `, below SLA target: ${report.flagged.join(', ')}` : ', every channel on SLA target'}`,
    );
    for (const f of files) io.out(`  ${f}`);
  }
}
