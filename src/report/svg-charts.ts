import { escapeHtml, fmtDuration, fmtInt } from './format.ts';
import type { ReportMessages } from './messages/index.ts';

type ChartWords = ReportMessages['charts'];

/** Small inline SVG charts: no scripts, no external requests, readable when printed. */

export interface BarRow {
  label: string;
  value: number | null;
  target: number | null;
  tone: 'ok' | 'warn' | 'bad' | 'none';
}

const tones = { ok: '#2f9e6e', warn: '#e0a526', bad: '#d64545', none: '#b8c0cc' };

/** Horizontal bars (mean response time) with a target tick per row. */
export function responseBars(rows: BarRow[], words: ChartWords, title: string, opts: { width?: number } = {}): string {
  const width = opts.width ?? 640;
  const rowH = 30;
  const left = 150;
  const right = 90;
  const height = rows.length * rowH + 30;
  const max = Math.max(1, ...rows.flatMap((r) => [r.value ?? 0, (r.target ?? 0) * 1.25]));
  const x = (v: number) => left + (v / max) * (width - left - right);
  const parts = rows.map((r, i) => {
    const y = 10 + i * rowH;
    const bar =
      r.value === null
        ? ''
        : `<rect x="${left}" y="${y + 5}" width="${Math.max(2, x(r.value) - left).toFixed(1)}" height="${rowH - 12}" rx="3" fill="${tones[r.tone]}"/>`;
    const tick =
      r.target === null
        ? ''
        : `<line x1="${x(r.target).toFixed(1)}" x2="${x(r.target).toFixed(1)}" y1="${y + 1}" y2="${y + rowH - 3}" stroke="#1f2933" stroke-width="2" stroke-dasharray="3 2"/>`;
    const label = `<text x="${left - 8}" y="${y + rowH / 2 + 4}" text-anchor="end" class="lbl">${escapeHtml(r.label)}</text>`;
    const value = `<text x="${(r.value === null ? left : x(r.value)) + 6}" y="${y + rowH / 2 + 4}" class="val">${r.value === null ? escapeHtml(words.noResponses) : fmtDuration(r.value)}</text>`;
    return label + bar + tick + value;
  });
  const legend = `<g transform="translate(${left},${height - 8})"><line x1="0" x2="14" y1="-4" y2="-4" stroke="#1f2933" stroke-width="2" stroke-dasharray="3 2"/><text x="20" y="0" class="lbl">${escapeHtml(words.target)}</text></g>`;
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(title)}">${parts.join('')}${legend}</svg>`;
}

/** Backlog line with arrivals as faint bars, one point per day. */
export function backlogChart(
  points: { day: string; backlog: number; tickets: number }[],
  words: ChartWords,
  title: string,
  opts: { width?: number } = {},
): string {
  const width = opts.width ?? 960;
  const height = 220;
  const pad = { l: 44, r: 12, t: 14, b: 34 };
  const n = Math.max(1, points.length);
  const max = Math.max(1, ...points.map((p) => Math.max(p.backlog, p.tickets)));
  const step = (width - pad.l - pad.r) / n;
  const y = (v: number) => pad.t + (1 - v / max) * (height - pad.t - pad.b);
  const bars = points
    .map(
      (p, i) =>
        `<rect x="${(pad.l + i * step + step * 0.2).toFixed(1)}" y="${y(p.tickets).toFixed(1)}" width="${(step * 0.6).toFixed(1)}" height="${(height - pad.b - y(p.tickets)).toFixed(1)}" fill="#c9d8f0"/>`,
    )
    .join('');
  const line = points.map((p, i) => `${(pad.l + i * step + step / 2).toFixed(1)},${y(p.backlog).toFixed(1)}`).join(' ');
  const dots = points
    .map(
      (p, i) =>
        `<circle cx="${(pad.l + i * step + step / 2).toFixed(1)}" cy="${y(p.backlog).toFixed(1)}" r="3" fill="#2b5fab"/>`,
    )
    .join('');
  const labels = points
    .map((p, i) =>
      i % 2 === n % 2 || i === n - 1
        ? `<text x="${(pad.l + i * step + step / 2).toFixed(1)}" y="${height - 14}" text-anchor="middle" class="lbl">${p.day.slice(5)}</text>`
        : '',
    )
    .join('');
  const grid = [0, 0.5, 1]
    .map(
      (f) =>
        `<line x1="${pad.l}" x2="${width - pad.r}" y1="${y(max * f).toFixed(1)}" y2="${y(max * f).toFixed(1)}" stroke="#e4e7eb"/><text x="${pad.l - 6}" y="${(y(max * f) + 4).toFixed(1)}" text-anchor="end" class="lbl">${fmtInt(Math.round(max * f))}</text>`,
    )
    .join('');
  const legend = `<g transform="translate(${pad.l},${height - 2})"><rect x="0" y="-9" width="10" height="9" fill="#c9d8f0"/><text x="14" y="0" class="lbl">${escapeHtml(words.arrivals)}</text><circle cx="86" cy="-4" r="3" fill="#2b5fab"/><text x="94" y="0" class="lbl">${escapeHtml(words.openAtEnd)}</text></g>`;
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(title)}">${grid}${bars}<polyline points="${line}" fill="none" stroke="#2b5fab" stroke-width="2.5"/>${dots}${labels}${legend}</svg>`;
}

/** Ratings 1–5 as vertical bars; 4–5 (satisfied) in green. */
export function csatBars(scores: number[], satisfiedMin: number, title: string, opts: { width?: number } = {}): string {
  const width = opts.width ?? 300;
  const height = 170;
  const max = Math.max(1, ...scores);
  const step = (width - 20) / 5;
  const bars = scores.map((c, i) => {
    const h = (c / max) * (height - 50);
    const x = 10 + i * step + step * 0.15;
    const fill = i + 1 >= satisfiedMin ? '#2f9e6e' : i + 1 <= 2 ? '#d64545' : '#e0a526';
    return `<rect x="${x.toFixed(1)}" y="${(height - 26 - h).toFixed(1)}" width="${(step * 0.7).toFixed(1)}" height="${h.toFixed(1)}" rx="3" fill="${fill}"/><text x="${(x + step * 0.35).toFixed(1)}" y="${(height - 30 - h).toFixed(1)}" text-anchor="middle" class="val">${c}</text><text x="${(x + step * 0.35).toFixed(1)}" y="${height - 10}" text-anchor="middle" class="lbl">${'★'.repeat(i + 1)}</text>`;
  });
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(title)}">${bars.join('')}</svg>`;
}
