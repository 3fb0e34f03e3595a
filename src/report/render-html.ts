import type { ChannelLine, DailyReport, PeriodLine } from './daily-report.ts';
import { escapeHtml as esc, fmtDuration, fmtInt, fmtPct, fmtRatio } from './format.ts';
import { backlogChart, csatBars, responseBars } from './svg-charts.ts';

type Fmt = 'duration' | 'pct' | 'int' | 'ratio';
const formats: Record<Fmt, (v: number | null) => string> = {
  duration: fmtDuration,
  pct: fmtPct,
  int: fmtInt,
  ratio: fmtRatio,
};

/**
 * A number with its JSON path and raw value in data attributes, so a test can check that what
 * people read equals the JSON report.
 */
function num(path: string, value: number | null, fmt: Fmt, tag = 'td', cls = ''): string {
  return `<${tag} class="num ${cls}" data-k="${esc(path)}" data-v="${value === null ? '' : value}">${esc(formats[fmt](value))}</${tag}>`;
}

export const reportCss = `
:root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f5f7fa;--ok:#2f9e6e;--warn:#e0a526;--bad:#d64545;--accent:#2b5fab}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC",sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:1040px;margin:0 auto;padding:28px 24px 48px}
header h1{font-size:22px;margin:0 0 2px}header p{margin:0;color:var(--muted)}
.alert{margin:18px 0;line-height:1.6;padding:12px 16px;border-radius:8px;background:#fdecec;border:1px solid #f3b7b7;color:#8a1f1f}
.alert.ok{background:#e8f6ef;border-color:#b5e0c9;color:#1d5e42}
.cards{display:grid;grid-template-columns:repeat(6,1fr);gap:12px;margin:18px 0}
.card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:12px 14px}
.card .k{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card .num{display:block;font-size:24px;font-weight:650;margin-top:4px}
.card .sub{color:var(--muted);font-size:12px}
section{background:#fff;border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin:14px 0}
section h2{font-size:16px;margin:0 0 10px}
.grid2{display:grid;grid-template-columns:2fr 1fr;gap:14px;margin:14px 0}.grid2 section{margin:0}
table{width:100%;border-collapse:collapse}th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left}
th{font-size:12px;color:var(--muted);font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.pill{white-space:nowrap}
tr.flagged td{background:#fff5f5}.pill{display:inline-block;padding:1px 8px;border-radius:99px;font-size:12px;font-weight:600}
.pill.bad{background:#fdecec;color:#8a1f1f}.pill.ok{background:#e8f6ef;color:#1d5e42}.pill.warn{background:#fdf5e1;color:#7a5a0c}
.up{color:var(--bad)}.down{color:var(--ok)}.muted{color:var(--muted)}
svg .lbl{font-size:11px;fill:#616e7c}svg .val{font-size:11px;fill:#1f2933;font-weight:600}
footer{color:var(--muted);font-size:12px;margin-top:18px}
@media (max-width:800px){.cards{grid-template-columns:repeat(2,1fr)}.grid2{grid-template-columns:1fr}}
@media print{body{background:#fff}section,.card{break-inside:avoid}}
`;

/**
 * A channel's standing is the share of its tickets that met their own first-response target:
 * a mean response against a mean of mixed-priority targets can read "on target" while most
 * urgent tickets were late, so it is shown as a number only.
 */
function tone(c: ChannelLine, slaTarget: number): 'ok' | 'bad' | 'none' {
  if (c.slaAttainment === null) return 'none';
  return c.slaAttainment < slaTarget ? 'bad' : 'ok';
}

function callRows(r: DailyReport): string {
  return r.calls
    .map((c, i) => {
      const p = `calls.${i}`;
      return `<tr data-channel="${esc(c.channel)}"><td title="${esc(c.channel)}">${esc(c.name)}</td>${num(`${p}.offered`, c.offered, 'int')}${num(`${p}.answered`, c.answered, 'int')}${num(`${p}.serviceLevel`, c.serviceLevel, 'pct')}${num(`${p}.answerWithinMs`, c.answerWithinMs, 'duration')}${num(`${p}.asaMs`, c.asaMs, 'duration')}${num(`${p}.abandonRate`, c.abandonRate, 'pct')}${num(`${p}.talkMs`, c.talkMs, 'duration')}${num(`${p}.holdMs`, c.holdMs, 'duration')}${num(`${p}.wrapMs`, c.wrapMs, 'duration')}${num(`${p}.ahtMs`, c.ahtMs, 'duration')}${num(`${p}.fcrRate`, c.fcrRate, 'pct')}</tr>`;
    })
    .join('');
}

function channelRows(r: DailyReport): string {
  return r.channels
    .filter((c) => c.tickets > 0 || c.backlog > 0)
    .map((c) => {
      const p = `channels.${c.channel}`;
      const t = tone(c, r.slaTarget);
      const status =
        t === 'bad'
          ? `<span class="pill bad" data-status="bad">below target</span>`
          : t === 'ok'
            ? `<span class="pill ok" data-status="ok">on target</span>`
            : '<span class="muted" data-status="none">–</span>';
      const over = c.ratio !== null && c.ratio > 1 + r.overTargetRatio ? 'up' : '';
      return `<tr class="${c.flagged ? 'flagged' : ''}" data-channel="${esc(c.channel)}"><td title="${esc(c.channel)}">${esc(c.name)}</td>${num(`${p}.tickets`, c.tickets, 'int')}${num(`${p}.slaAttainment`, c.slaAttainment, 'pct')}<td>${status}</td>${num(`${p}.frtBusinessMs`, c.frtBusinessMs, 'duration')}${num(`${p}.frtMs`, c.frtMs, 'duration')}${num(`${p}.targetMs`, c.targetMs, 'duration')}${num(`${p}.ratio`, c.ratio, 'ratio', 'td', over)}${num(`${p}.backlog`, c.backlog, 'int')}${num(`${p}.csatSatisfiedRate`, c.csatSatisfiedRate, 'pct')}</tr>`;
    })
    .join('');
}

const periodMetrics: { key: keyof PeriodLine; label: string; fmt: Fmt; lowerIsBetter: boolean }[] = [
  { key: 'tickets', label: 'Tickets', fmt: 'int', lowerIsBetter: false },
  { key: 'frtBusinessMs', label: 'First response (business time)', fmt: 'duration', lowerIsBetter: true },
  { key: 'resolutionBusinessMs', label: 'Resolution time (business)', fmt: 'duration', lowerIsBetter: true },
  { key: 'ahtBusinessMs', label: 'Handling time, AHT (business)', fmt: 'duration', lowerIsBetter: true },
  { key: 'fcrRate', label: 'First-contact resolution', fmt: 'pct', lowerIsBetter: false },
  { key: 'slaAttainment', label: 'First-response SLA met', fmt: 'pct', lowerIsBetter: false },
  { key: 'csatSatisfiedRate', label: 'CSAT satisfied (4–5)', fmt: 'pct', lowerIsBetter: false },
];

function change(a: number | null, b: number | null, lowerIsBetter: boolean): string {
  if (a === null || b === null || a === 0) return '<td class="num muted">–</td>';
  const d = (b - a) / Math.abs(a);
  if (Math.abs(d) < 0.0005) return '<td class="num muted">±0 %</td>';
  const better = lowerIsBetter ? d < 0 : d > 0;
  return `<td class="num ${better ? 'down' : 'up'}">${d > 0 ? '▲' : '▼'} ${(Math.abs(d) * 100).toFixed(1)} %</td>`;
}

export function renderDailyHtml(r: DailyReport): string {
  const flagged = r.channels.filter((c) => c.flagged);
  const alert = flagged.length
    ? `<div class="alert" data-flagged="${esc(r.flagged.join(','))}"><strong>${flagged.length} channel${flagged.length > 1 ? 's' : ''} below the first-response target (${fmtPct(r.slaTarget)} of tickets within their own target):</strong> ${flagged.map((c) => `${esc(c.name)} (${fmtPct(c.slaAttainment)} met)`).join('; ')}</div>`
    : `<div class="alert ok" data-flagged="">Every channel met its first-response target on at least ${fmtPct(r.slaTarget)} of its tickets.</div>`;
  const csatTone = r.day.csatSatisfiedRate === null ? '' : r.day.csatSatisfiedRate >= r.csatTarget ? 'ok' : 'bad';
  const d = r.day;
  const cards = [
    ['Tickets', num('day.tickets', d.tickets, 'int', 'span'), 'arrived today'],
    ['First response', num('day.frtBusinessMs', d.frtBusinessMs, 'duration', 'span'), 'mean, business time'],
    ['SLA met', num('day.slaAttainment', d.slaAttainment, 'pct', 'span'), 'first-response timers'],
    [
      'FCR',
      num('day.fcrRate', d.fcrRate, 'pct', 'span'),
      d.fcrRate === null ? 'needs reply history' : 'resolved on first reply',
    ],
    [
      'CSAT',
      num('day.csatSatisfiedRate', d.csatSatisfiedRate, 'pct', 'span', csatTone),
      `satisfied · target ${Math.round(r.csatTarget * 100)} %`,
    ],
    ['Backlog', num('day.backlog', d.backlog, 'int', 'span'), 'open at end of day'],
  ]
    .map(([k, v, sub]) => `<div class="card"><span class="k">${k}</span>${v}<span class="sub">${sub}</span></div>`)
    .join('');
  const bars = responseBars(
    r.channels
      .filter((c) => c.tickets > 0)
      .map((c) => ({ label: c.name, value: c.frtBusinessMs, target: c.targetMs, tone: tone(c, r.slaTarget) })),
  );
  const wow = periodMetrics
    .map((m) => {
      const a = r.weekOverWeek.lastWeek[m.key] as number | null;
      const b = r.weekOverWeek.thisWeek[m.key] as number | null;
      return `<tr><td>${m.label}</td>${num(`weekOverWeek.lastWeek.${m.key}`, a, m.fmt)}${num(`weekOverWeek.thisWeek.${m.key}`, b, m.fmt)}${change(a, b, m.lowerIsBetter)}</tr>`;
    })
    .join('');
  const versions = r.policyVersions
    .map(
      (v, i) =>
        `<tr><td><code>${esc(v.label.slice(0, 12))}</code>${v.label === r.policy.version ? ' <span class="pill ok">live</span>' : ''}</td><td class="num">${esc(v.firstDay)}</td>${num(`policyVersions.${i}.tickets`, v.tickets, 'int')}${num(`policyVersions.${i}.frtBusinessMs`, v.frtBusinessMs, 'duration')}${num(`policyVersions.${i}.resolutionBusinessMs`, v.resolutionBusinessMs, 'duration')}${num(`policyVersions.${i}.slaAttainment`, v.slaAttainment, 'pct')}${num(`policyVersions.${i}.csatSatisfiedRate`, v.csatSatisfiedRate, 'pct')}</tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Daily efficiency report ${esc(r.date)}</title><style>${reportCss}</style></head>
<body><main>
<header><h1>Daily efficiency report · ${esc(r.date)}</h1><p>${esc(r.timezone)} · policy <code>${esc(r.policy.id)}</code> version <code>${esc(r.policy.version.slice(0, 12))}</code> · metrics cover tickets that arrived on the day; backlog is what was open at midnight</p></header>
${alert}
<div class="cards">${cards}</div>
<div class="grid2">
<section><h2>Mean first response per channel against the mean target</h2>${bars}</section>
<section><h2>Satisfaction today</h2>${csatBars(d.csatScores, 4)}<p class="muted">${fmtInt(d.csatCount)} rating${d.csatCount === 1 ? '' : 's'}; satisfied = 4–5 stars.</p></section>
</div>
<section><h2>Channels</h2><table><thead><tr><th>Channel</th><th class="num">Tickets</th><th class="num">SLA met</th><th>Status</th><th class="num">Mean first response (business)</th><th class="num">(wall clock)</th><th class="num">Mean target</th><th class="num">mean ÷ mean target</th><th class="num">Backlog</th><th class="num">CSAT</th></tr></thead><tbody>${channelRows(r)}</tbody></table></section>
${r.calls.length ? `<section class="calls"><h2>Hotline calls</h2><table><thead><tr><th>Channel</th><th class="num">Offered</th><th class="num">Answered</th><th class="num">Service level</th><th class="num">within</th><th class="num">Speed of answer</th><th class="num">Abandoned</th><th class="num">Talk</th><th class="num">Hold</th><th class="num">Wrap-up</th><th class="num">AHT</th><th class="num">First-call resolution</th></tr></thead><tbody>${callRows(r)}</tbody></table><p class="muted">Wall-clock means over the day's calls; AHT = talk + hold + wrap-up of the answered calls that ended.</p></section>` : ''}
<section><h2>Backlog, last 14 days</h2>${backlogChart(r.backlogTrend)}</section>
<section><h2>Week over week</h2><table><thead><tr><th></th><th class="num">${esc(r.weekOverWeek.lastWeek.from.slice(5))} – ${esc(r.weekOverWeek.lastWeek.to.slice(5))}</th><th class="num">${esc(r.weekOverWeek.thisWeek.from.slice(5))} – ${esc(r.weekOverWeek.thisWeek.to.slice(5))}</th><th class="num">change</th></tr></thead><tbody>${wow}</tbody></table></section>
<section><h2>Before / after policy changes</h2><p class="muted">Last 30 days, by the policy version that decided each ticket.</p><table><thead><tr><th>Version</th><th class="num">Since</th><th class="num">Tickets</th><th class="num">FRT</th><th class="num">Resolution</th><th class="num">SLA</th><th class="num">CSAT</th></tr></thead><tbody>${versions || '<tr><td colspan="7" class="muted">no tickets</td></tr>'}</tbody></table></section>
<footer>Generated by Switchboard. Times in business hours of each ticket's SLA calendar unless marked wall clock. The same numbers are in the JSON and CSV files next to this one.</footer>
</main></body></html>
`;
}
