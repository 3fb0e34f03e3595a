import { csvBom, csvLine } from '../core/util/csv.ts';
import { escapeHtml as esc, fmtDuration, fmtInt, fmtPct } from './format.ts';
import { periodLabels } from './period-labels.ts';
import type { PeriodFigures, PeriodReport, PeriodSlice } from './period-report.ts';
import { reportCss } from './render-html.ts';

type Key = keyof PeriodLabels['figures'];
type PeriodLabels = ReturnType<typeof periodLabels>;
const durations = new Set<Key>(['frtBusinessMs', 'resolutionBusinessMs', 'ahtBusinessMs', 'callAsaMs']);
const counts = new Set<Key>(['tickets', 'backlog']);
const shown: Key[] = [
  'tickets',
  'backlog',
  'frtBusinessMs',
  'resolutionBusinessMs',
  'ahtBusinessMs',
  'fcrRate',
  'slaFirstResponse',
  'slaResolution',
  'csatSatisfiedRate',
  'botSubstitutionRate',
  'callServiceLevel',
  'callAsaMs',
  'callAbandonRate',
];
const sliceColumns: Key[] = ['tickets', 'backlog', 'frtBusinessMs', 'slaFirstResponse', 'fcrRate', 'csatSatisfiedRate'];

const fmt = (k: Key, v: number | null) => (durations.has(k) ? fmtDuration(v) : counts.has(k) ? fmtInt(v) : fmtPct(v));

/** A number with its JSON path and raw value, so a browser test can check the page against the JSON. */
const num = (path: string, k: Key, v: number | null) =>
  `<td class="num" data-k="${esc(path)}" data-v="${v === null ? '' : v}">${esc(fmt(k, v))}</td>`;

function sliceTable(title: string, slices: PeriodSlice[], path: string, l: PeriodLabels): string {
  const head = sliceColumns.map((k) => `<th class="num">${esc(l.figures[k])}</th>`).join('');
  const rows = slices
    .map(
      (s, i) =>
        `<tr data-key="${esc(s.key)}"><td>${esc(s.name)}</td>${sliceColumns.map((k) => num(`${path}.${i}.${k}`, k, s[k])).join('')}</tr>`,
    )
    .join('');
  return `<section><h2>${esc(title)}</h2><table><thead><tr><th>${esc(l.slice)}</th>${head}</tr></thead><tbody>${rows || `<tr><td colspan="${sliceColumns.length + 1}" class="muted">–</td></tr>`}</tbody></table></section>`;
}

/** The weekly or monthly report as one self-contained page (inline CSS, no scripts), in the policy's language. */
export function renderPeriodHtml(r: PeriodReport): string {
  const l = periodLabels(r.locale);
  const title = `${l.title[r.kind]} · ${r.from} – ${r.to}`;
  const summary = shown
    .map(
      (k) =>
        `<tr><td>${esc(l.figures[k])}</td>${num(`totals.${k}`, k, r.totals[k])}${num(`previous.${k}`, k, r.previous[k])}</tr>`,
    )
    .join('');
  const days = r.days
    .map(
      (d, i) =>
        `<tr><td>${esc(d.day)}</td>${num(`days.${i}.tickets`, 'tickets', d.tickets)}${num(`days.${i}.backlog`, 'backlog', d.backlog)}</tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="${esc(r.locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title><style>${reportCss}</style></head>
<body><main>
<header><h1>${esc(title)}</h1><p>${esc(r.timezone)} · <code>${esc(r.policy.id)}</code> <code>${esc(r.policy.version.slice(0, 12))}</code></p></header>
<section><h2>${esc(l.summary)}</h2><table><thead><tr><th></th><th class="num">${esc(r.from)} – ${esc(r.to)}</th><th class="num">${esc(l.previous)} ${esc(r.previous.from)} – ${esc(r.previous.to)}</th></tr></thead><tbody>${summary}</tbody></table></section>
${sliceTable(l.channels, r.channels, 'channels', l)}
${sliceTable(l.groups, r.groups, 'groups', l)}
${sliceTable(l.agents, r.agents, 'agents', l)}
<section><h2>${esc(l.days)}</h2><table><thead><tr><th>${esc(l.day)}</th><th class="num">${esc(l.figures.tickets)}</th><th class="num">${esc(l.figures.backlog)}</th></tr></thead><tbody>${days}</tbody></table></section>
<footer>${esc(l.footer)}</footer>
</main></body></html>
`;
}

const csvValue = (k: Key, v: number | null) =>
  v === null ? '' : durations.has(k) ? (v / 60_000).toFixed(2) : counts.has(k) ? v : (v * 100).toFixed(2);

/** One row for the period, the period before, and each channel, group and agent (minutes and percent). */
export function renderPeriodCsv(r: PeriodReport): string {
  const head = csvLine([
    'from',
    'to',
    'slice',
    'key',
    ...shown.map((k) => (durations.has(k) ? `${k} min` : counts.has(k) ? k : `${k} %`)),
  ]);
  const row = (from: string, to: string, slice: string, key: string, f: PeriodFigures) =>
    csvLine([from, to, slice, key, ...shown.map((k) => csvValue(k, f[k]))]);
  const lines = [
    row(r.from, r.to, 'total', '', r.totals),
    row(r.previous.from, r.previous.to, 'previous', '', r.previous),
    ...r.channels.map((s) => row(r.from, r.to, 'channel', s.key, s)),
    ...r.groups.map((s) => row(r.from, r.to, 'group', s.key, s)),
    ...r.agents.map((s) => row(r.from, r.to, 'agent', s.key, s)),
  ];
  return `${csvBom}${head}${lines.join('')}`;
}
