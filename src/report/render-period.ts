import { escapeHtml as esc, fmtDuration, fmtInt, fmtPct } from './format.ts';
import { reportMessages, type FigureKey, type ReportMessages } from './messages/index.ts';
import { counts, durations, shownFigures } from './period-columns.ts';
import type { PeriodReport, PeriodSlice } from './period-report.ts';
import { reportCss } from './report-css.ts';

export { renderPeriodCsv } from './period-csv.ts';

type Words = ReportMessages['period'];

const quantileColumns = {
  frt: ['frtBusinessMs', 'frtP50BusinessMs', 'frtP90BusinessMs'],
  resolution: ['resolutionBusinessMs', 'resolutionP50BusinessMs', 'resolutionP90BusinessMs'],
} as const satisfies Record<string, FigureKey[]>;
const sliceTail: FigureKey[] = [
  'slaFirstResponse',
  'fcrRate',
  'csatSatisfiedRate',
  'botSubstitutionRate',
  'complaintRate',
];
const sliceColumns: FigureKey[] = [
  'tickets',
  'backlog',
  ...quantileColumns.frt,
  ...quantileColumns.resolution,
  ...sliceTail,
];

const fmt = (k: FigureKey, v: number | null) =>
  durations.has(k) ? fmtDuration(v) : counts.has(k) ? fmtInt(v) : fmtPct(v);

/** A report kept before a figure existed has none: it reads as "–". */
const figureValue = (o: object, k: string): number | null => {
  const v = (o as Record<string, unknown>)[k];
  return typeof v === 'number' ? v : null;
};

/** A number with its JSON path and raw value, so a browser test can check the page against the JSON. */
const num = (path: string, text: string, v: number | null) =>
  `<td class="num" data-k="${esc(path)}" data-v="${v === null ? '' : v}">${esc(text)}</td>`;
const fig = (path: string, k: FigureKey, o: object) => num(path, fmt(k, figureValue(o, k)), figureValue(o, k));

function sliceTable(title: string, slices: PeriodSlice[], path: string, w: Words): string {
  const th = (k: FigureKey) => `<th class="num" rowspan="2">${esc(w.figures[k])}</th>`;
  const sub = [w.mean, w.median, w.p90].map((s) => `<th class="num">${esc(s)}</th>`).join('');
  const head = `<tr><th rowspan="2">${esc(w.slice)}</th>${th('tickets')}${th('backlog')}<th class="num" colspan="3">${esc(w.frtHead)}</th><th class="num" colspan="3">${esc(w.resolutionHead)}</th>${sliceTail.map(th).join('')}</tr><tr>${sub}${sub}</tr>`;
  const rows = slices
    .map(
      (s, i) =>
        `<tr data-key="${esc(s.key)}"><td>${esc(s.name)}</td>${sliceColumns.map((k) => fig(`${path}.${i}.${k}`, k, s)).join('')}</tr>`,
    )
    .join('');
  return `<section class="wide"><h2>${esc(title)}</h2><table class="slices"><thead>${head}</thead><tbody>${rows || `<tr><td colspan="${sliceColumns.length + 1}" class="muted">–</td></tr>`}</tbody></table></section>`;
}

function hoursTable(r: PeriodReport, w: Words): string {
  const hours = (o: object) => {
    const h = (o as { arrivalsByHour?: unknown }).arrivalsByHour;
    return Array.isArray(h) && h.length === 24 ? (h as number[]) : undefined;
  };
  const now = hours(r.totals);
  if (!now) return '';
  const before = hours(r.previous);
  const max = Math.max(1, ...now);
  const label = (h: number) => String(h).padStart(2, '0');
  const bars = now.map(
    (n) => `<td class="bar"><div class="hbar" style="height:${Math.round((n / max) * 60)}px"></div></td>`,
  );
  const row = (name: string, path: string, xs: number[]) =>
    `<tr><th>${esc(name)}</th>${xs.map((n, h) => num(`${path}.arrivalsByHour.${h}`, fmtInt(n), n)).join('')}</tr>`;
  return `<section><h2>${esc(w.hours)}</h2><table class="hours"><thead><tr><th></th>${now.map((_n, h) => `<th>${label(h)}</th>`).join('')}</tr></thead><tbody><tr><td></td>${bars.join('')}</tr>${row(w.summary, 'totals', now)}${before ? row(w.previous, 'previous', before) : ''}</tbody></table><p class="muted">${esc(w.hoursNote)}</p></section>`;
}

/** The weekly or monthly report as one self-contained page (inline CSS, no scripts), in the policy's language. */
export function renderPeriodHtml(r: PeriodReport): string {
  const all = reportMessages(r.locale);
  const w = all.period;
  const title = `${all.title[r.kind]} · ${r.from} – ${r.to}`;
  const summary = shownFigures
    .map(
      (k) =>
        `<tr><td>${esc(w.figures[k])}</td>${fig(`totals.${k}`, k, r.totals)}${fig(`previous.${k}`, k, r.previous)}</tr>`,
    )
    .join('');
  const days = r.days
    .map(
      (d, i) =>
        `<tr><td>${esc(d.day)}</td>${num(`days.${i}.tickets`, fmtInt(d.tickets), d.tickets)}${num(`days.${i}.backlog`, fmtInt(d.backlog), d.backlog)}</tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="${esc(all.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title><style>${reportCss}</style></head>
<body><main>
<header><h1>${esc(title)}</h1><p>${esc(r.timezone)} · <code>${esc(r.policy.id)}</code> <code>${esc(r.policy.version.slice(0, 12))}</code></p></header>
<section><h2>${esc(w.summary)}</h2><table><thead><tr><th></th><th class="num">${esc(r.from)} – ${esc(r.to)}</th><th class="num">${esc(w.previous)} ${esc(r.previous.from)} – ${esc(r.previous.to)}</th></tr></thead><tbody>${summary}</tbody></table><p class="muted">${esc(w.quantileNote)}</p></section>
${hoursTable(r, w)}
${sliceTable(w.channels, r.channels, 'channels', w)}
${sliceTable(w.groups, r.groups, 'groups', w)}
${sliceTable(w.agents, r.agents, 'agents', w)}
<section><h2>${esc(w.days)}</h2><table><thead><tr><th>${esc(w.day)}</th><th class="num">${esc(w.figures.tickets)}</th><th class="num">${esc(w.figures.backlog)}</th></tr></thead><tbody>${days}</tbody></table></section>
<footer>${esc(w.footer)}</footer>
</main></body></html>
`;
}
