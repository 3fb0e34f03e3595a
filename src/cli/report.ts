import { SwitchboardError } from '../core/errors/index.ts';
import { isDay } from '../core/metrics/days.ts';
import { firstReportDay, lastReportDay } from '../core/metrics/day-range.ts';

/** YYYY-MM-DD naming a day that exists: Date.parse rolls 2026-11-31 over to December 1. */
const isRealDay = (s: string) => isDay(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
import { createMetricsIndex } from '../core/metrics/metrics-index.ts';
import { scanTickets } from '../runtime/metrics/scan-store.ts';
import { writeDailyReport } from '../report/write-daily.ts';
import { createReportFilter } from '../report/report-horizon.ts';
import { createLowdbStore } from '../store/lowdb/index.ts';
import { parseCommandArgs } from './args.ts';
import type { CliIo } from './io.ts';
import { loadCliPolicy } from './load-policy.ts';

/** `switchboard report daily --date YYYY-MM-DD [--data DIR] [--config DIR | --preset NAME] [--out DIR] [--json]` */
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
    },
    'report',
  );
  if (positionals[0] !== 'daily')
    throw new SwitchboardError(
      'SWB_CLI_USAGE',
      `report: the only report is "daily" (switchboard report daily --date YYYY-MM-DD), got "${positionals[0] ?? ''}"`,
    );
  if (!values.date)
    throw new SwitchboardError(
      'SWB_CLI_USAGE',
      'report daily: --date YYYY-MM-DD is required (a local day in the policy time zone)',
    );
  if (!isRealDay(values.date))
    throw new SwitchboardError(
      'SWB_CLI_USAGE',
      `report daily: --date ${values.date} is not a day of the calendar; write a real date as YYYY-MM-DD, e.g. 2026-11-30`,
      { path: '--date' },
    );
  const last = lastReportDay(new Date());
  if (values.date < firstReportDay || values.date > last)
    throw new SwitchboardError('SWB_CLI_USAGE', `report daily: --date must be a day from ${firstReportDay} to ${last}`);
  const policy = await loadCliPolicy(values);
  const store = createLowdbStore({ dir: values.data ?? 'data' });
  await store.open();
  try {
    const index = createMetricsIndex({ policy: () => policy, pairs: false });
    const relevant = createReportFilter(values.date, policy.timezone);
    for await (const t of scanTickets(store)) if (relevant(t)) index.apply(t);
    const { report, files } = await writeDailyReport(index, policy, values.date, values.out ?? 'reports');
    if (values.json) io.out(JSON.stringify({ files, flagged: report.flagged, tickets: report.day.tickets }));
    else {
      io.out(
        `daily report ${values.date}: ${report.day.tickets} tickets, backlog ${report.day.backlog}${report.flagged.length ? `, below SLA target: ${report.flagged.join(', ')}` : ', every channel on SLA target'}`,
      );
      for (const f of files) io.out(`  ${f}`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
