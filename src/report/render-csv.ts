import type { DailyReport } from './daily-report.ts';
import { csvBom, csvLine } from '../core/util/csv.ts';
import { reportMessages, type DailyCsvColumn } from './messages/index.ts';

const columns: DailyCsvColumn[] = [
  'date',
  'channel',
  'tickets',
  'responded',
  'frtBusinessMin',
  'frtWallMin',
  'targetMin',
  'ratio',
  'flagged',
  'slaMetPct',
  'backlog',
  'csatSatisfiedPct',
];

const minutes = (ms: number | null) => (ms === null ? '' : (ms / 60_000).toFixed(2));
const pct = (r: number | null) => (r === null ? '' : (r * 100).toFixed(2));

/** One row per channel plus a total row: the table a spreadsheet user wants. Minutes and percent; headers in the policy's language. */
export function renderDailyCsv(r: DailyReport): string {
  const words = reportMessages(r.locale).csv.daily;
  const head = csvLine(columns.map((c) => words[c]));
  const rows = r.channels.map((c) =>
    csvLine([
      r.date,
      c.channel,
      c.tickets,
      c.responded,
      minutes(c.frtBusinessMs),
      minutes(c.frtMs),
      minutes(c.targetMs),
      c.ratio ?? '',
      c.flagged ? 'yes' : 'no',
      pct(c.slaAttainment),
      c.backlog,
      pct(c.csatSatisfiedRate),
    ]),
  );
  const total = csvLine([
    r.date,
    'all',
    r.day.tickets,
    '',
    minutes(r.day.frtBusinessMs),
    '',
    '',
    '',
    r.flagged.length ? 'yes' : 'no',
    pct(r.day.slaAttainment),
    r.day.backlog,
    pct(r.day.csatSatisfiedRate),
  ]);
  return `${csvBom}${head}${rows.join('')}${total}`;
}
