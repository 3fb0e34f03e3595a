import type { ChannelLine, DailyReport } from './daily-report.ts';
import { escapeHtml as esc, fmtDuration, fmtInt, fmtPct, fmtRatio } from './format.ts';
import { reportMessages, type ReportMessages } from './messages/index.ts';
import { reportCss } from './report-css.ts';
import { backlogChart, csatBars, responseBars } from './svg-charts.ts';

export { reportCss } from './report-css.ts';

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

function channelRows(r: DailyReport, m: ReportMessages['daily']): string {
  return r.channels
    .filter((c) => c.tickets > 0 || c.backlog > 0)
    .map((c) => {
      const p = `channels.${c.channel}`;
      const t = tone(c, r.slaTarget);
      const status =
        t === 'bad'
          ? `<span class="pill bad" data-status="bad">${esc(m.status.bad)}</span>`
          : t === 'ok'
            ? `<span class="pill ok" data-status="ok">${esc(m.status.ok)}</span>`
            : '<span class="muted" data-status="none">–</span>';
      const over = c.ratio !== null && c.ratio > 1 + r.overTargetRatio ? 'up' : '';
      return `<tr class="${c.flagged ? 'flagged' : ''}" data-channel="${esc(c.channel)}"><td title="${esc(c.channel)}">${esc(c.name)}</td>${num(`${p}.tickets`, c.tickets, 'int')}${num(`${p}.slaAttainment`, c.slaAttainment, 'pct')}<td>${status}</td>${num(`${p}.frtBusinessMs`, c.frtBusinessMs, 'duration')}${num(`${p}.frtMs`, c.frtMs, 'duration')}${num(`${p}.targetMs`, c.targetMs, 'duration')}${num(`${p}.ratio`, c.ratio, 'ratio', 'td', over)}${num(`${p}.backlog`, c.backlog, 'int')}${num(`${p}.csatSatisfiedRate`, c.csatSatisfiedRate, 'pct')}</tr>`;
    })
    .join('');
}

const periodMetrics: { key: keyof ReportMessages['daily']['periodMetrics']; fmt: Fmt; lowerIsBetter: boolean }[] = [
  { key: 'tickets', fmt: 'int', lowerIsBetter: false },
  { key: 'frtBusinessMs', fmt: 'duration', lowerIsBetter: true },
  { key: 'resolutionBusinessMs', fmt: 'duration', lowerIsBetter: true },
  { key: 'ahtBusinessMs', fmt: 'duration', lowerIsBetter: true },
  { key: 'fcrRate', fmt: 'pct', lowerIsBetter: false },
  { key: 'slaAttainment', fmt: 'pct', lowerIsBetter: false },
  { key: 'csatSatisfiedRate', fmt: 'pct', lowerIsBetter: false },
];

function change(a: number | null, b: number | null, lowerIsBetter: boolean): string {
  if (a === null || b === null || a === 0) return '<td class="num muted">–</td>';
  const d = (b - a) / Math.abs(a);
  if (Math.abs(d) < 0.0005) return '<td class="num muted">±0 %</td>';
  const better = lowerIsBetter ? d < 0 : d > 0;
  return `<td class="num ${better ? 'down' : 'up'}">${d > 0 ? '▲' : '▼'} ${(Math.abs(d) * 100).toFixed(1)} %</td>`;
}

const headRow = (cells: readonly string[], numeric: (i: number) => boolean) =>
  `<tr>${cells.map((c, i) => `<th${numeric(i) ? ' class="num"' : ''}>${esc(c)}</th>`).join('')}</tr>`;

function cardsOf(r: DailyReport, m: ReportMessages['daily']): string {
  const d = r.day;
  const csatTone = d.csatSatisfiedRate === null ? '' : d.csatSatisfiedRate >= r.csatTarget ? 'ok' : 'bad';
  const c = m.cards;
  return [
    [c.tickets[0], num('day.tickets', d.tickets, 'int', 'span'), c.tickets[1]],
    [c.frt[0], num('day.frtBusinessMs', d.frtBusinessMs, 'duration', 'span'), c.frt[1]],
    [c.sla[0], num('day.slaAttainment', d.slaAttainment, 'pct', 'span'), c.sla[1]],
    [c.fcr[0], num('day.fcrRate', d.fcrRate, 'pct', 'span'), d.fcrRate === null ? c.fcr[1] : c.fcr[2]],
    [
      c.csat[0],
      num('day.csatSatisfiedRate', d.csatSatisfiedRate, 'pct', 'span', csatTone),
      c.csat[1](`${Math.round(r.csatTarget * 100)} %`),
    ],
    [c.backlog[0], num('day.backlog', d.backlog, 'int', 'span'), c.backlog[1]],
  ]
    .map(
      ([k, v, sub]) =>
        `<div class="card"><span class="k">${esc(k!)}</span>${v}<span class="sub">${esc(sub!)}</span></div>`,
    )
    .join('');
}

/** The daily report as one self-contained page in the policy's language (messages/). */
export function renderDailyHtml(r: DailyReport): string {
  const all = reportMessages(r.locale);
  const m = all.daily;
  const flagged = r.channels.filter((c) => c.flagged);
  const target = fmtPct(r.slaTarget);
  const alert = flagged.length
    ? `<div class="alert" data-flagged="${esc(r.flagged.join(','))}"><strong>${esc(m.flagged(flagged.length, target))}</strong> ${flagged.map((c) => esc(m.flaggedChannel(c.name, fmtPct(c.slaAttainment)))).join('; ')}</div>`
    : `<div class="alert ok" data-flagged="">${esc(m.allMet(target))}</div>`;
  const d = r.day;
  const bars = responseBars(
    r.channels
      .filter((c) => c.tickets > 0)
      .map((c) => ({ label: c.name, value: c.frtBusinessMs, target: c.targetMs, tone: tone(c, r.slaTarget) })),
    all.charts,
    m.responseChart,
  );
  const wow = periodMetrics
    .map((p) => {
      const a = r.weekOverWeek.lastWeek[p.key] as number | null;
      const b = r.weekOverWeek.thisWeek[p.key] as number | null;
      return `<tr><td>${esc(m.periodMetrics[p.key])}</td>${num(`weekOverWeek.lastWeek.${p.key}`, a, p.fmt)}${num(`weekOverWeek.thisWeek.${p.key}`, b, p.fmt)}${change(a, b, p.lowerIsBetter)}</tr>`;
    })
    .join('');
  const versions = r.policyVersions
    .map(
      (v, i) =>
        `<tr><td><code>${esc(v.label.slice(0, 12))}</code>${v.label === r.policy.version ? ` <span class="pill ok">${esc(m.live)}</span>` : ''}</td><td class="num">${esc(v.firstDay)}</td>${num(`policyVersions.${i}.tickets`, v.tickets, 'int')}${num(`policyVersions.${i}.frtBusinessMs`, v.frtBusinessMs, 'duration')}${num(`policyVersions.${i}.resolutionBusinessMs`, v.resolutionBusinessMs, 'duration')}${num(`policyVersions.${i}.slaAttainment`, v.slaAttainment, 'pct')}${num(`policyVersions.${i}.csatSatisfiedRate`, v.csatSatisfiedRate, 'pct')}</tr>`,
    )
    .join('');
  const wk = r.weekOverWeek;
  const title = `${all.title.daily} · ${r.date}`;
  return `<!doctype html>
<html lang="${esc(all.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title><style>${reportCss}</style></head>
<body><main>
<header><h1>${esc(title)}</h1><p>${m.subtitle(esc(r.timezone), esc(r.policy.id), esc(r.policy.version.slice(0, 12)))}</p></header>
${alert}
<div class="cards">${cardsOf(r, m)}</div>
<div class="grid2">
<section><h2>${esc(m.responseChart)}</h2>${bars}</section>
<section><h2>${esc(m.satisfaction)}</h2>${csatBars(d.csatScores, 4, m.satisfaction)}<p class="muted">${esc(m.ratings(fmtInt(d.csatCount), d.csatCount))}</p></section>
</div>
<section><h2>${esc(m.channels)}</h2><table><thead>${headRow(m.channelColumns, (i) => i !== 0 && i !== 3)}</thead><tbody>${channelRows(r, m)}</tbody></table></section>
${r.calls.length ? `<section class="calls"><h2>${esc(m.calls)}</h2><table><thead>${headRow(m.callColumns, (i) => i !== 0)}</thead><tbody>${callRows(r)}</tbody></table><p class="muted">${esc(m.callsNote)}</p></section>` : ''}
<section><h2>${esc(m.backlog)}</h2>${backlogChart(r.backlogTrend, all.charts, m.backlog)}</section>
<section><h2>${esc(m.weekOverWeek)}</h2><table><thead><tr><th></th><th class="num">${esc(wk.lastWeek.from.slice(5))} – ${esc(wk.lastWeek.to.slice(5))}</th><th class="num">${esc(wk.thisWeek.from.slice(5))} – ${esc(wk.thisWeek.to.slice(5))}</th><th class="num">${esc(m.change)}</th></tr></thead><tbody>${wow}</tbody></table></section>
<section><h2>${esc(m.versions)}</h2><p class="muted">${esc(m.versionsNote)}</p><table><thead>${headRow(m.versionColumns, (i) => i !== 0)}</thead><tbody>${versions || `<tr><td colspan="7" class="muted">${esc(m.noTickets)}</td></tr>`}</tbody></table></section>
<footer>${esc(m.footer)}</footer>
</main></body></html>
`;
}
