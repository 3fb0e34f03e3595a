import { csvBom, csvLine } from '../core/util/csv.ts';
import { reportMessages } from './messages/index.ts';
import type { PeriodFigures, PeriodReport } from './period-report.ts';
import { figureUnit, shownFigures } from './period-columns.ts';

const hours = Array.from({ length: 24 }, (_x, h) => String(h).padStart(2, '0'));

function cells(f: PeriodFigures): (string | number)[] {
  const raw = f as unknown as Record<string, unknown>;
  const values = shownFigures.map((k) => {
    const v = raw[k];
    if (typeof v !== 'number') return '';
    const unit = figureUnit(k);
    return unit === 'min' ? (v / 60_000).toFixed(2) : unit === 'count' ? v : (v * 100).toFixed(2);
  });
  const byHour = Array.isArray(f.arrivalsByHour) ? f.arrivalsByHour : [];
  return [...values, ...hours.map((_h, i) => byHour[i] ?? '')];
}

/**
 * One row for the period, the period before, and each channel, group and agent (minutes and
 * percent, then the arrivals of each local hour); headers in the policy's language.
 */
export function renderPeriodCsv(r: PeriodReport): string {
  const { csv, period } = reportMessages(r.locale);
  const head = csvLine([
    csv.period.from,
    csv.period.to,
    csv.period.slice,
    csv.period.key,
    ...shownFigures.map((k) => csv.figure(period.figures[k], figureUnit(k))),
    ...hours.map(csv.period.hour),
  ]);
  const row = (from: string, to: string, slice: string, key: string, f: PeriodFigures) =>
    csvLine([from, to, slice, key, ...cells(f)]);
  const lines = [
    row(r.from, r.to, 'total', '', r.totals),
    row(r.previous.from, r.previous.to, 'previous', '', r.previous),
    ...r.channels.map((s) => row(r.from, r.to, 'channel', s.key, s)),
    ...r.groups.map((s) => row(r.from, r.to, 'group', s.key, s)),
    ...r.agents.map((s) => row(r.from, r.to, 'agent', s.key, s)),
  ];
  return `${csvBom}${head}${lines.join('')}`;
}
