// Inline SVG charts: the backlog of the last 30 minutes (sampled in the page) and the average
// first response per group (today's, from the server, for supervisors; else of the tickets seen).
import { t } from './i18n.js';
import { inGroup, state } from './state.js';
import { $, esc } from './util.js';

const span = 30 * 60e3;
const openCount = () => [...state.tickets.values()].filter(inGroup).length;

/** Before live samples exist (or after the group changed): the arrival curve of the open tickets, one point a minute. */
export const seedBacklog = () => {
  const now = Date.now();
  const arrivals = [...state.tickets.values()].filter(inGroup).map((tk) => Date.parse(tk.createdAt));
  state.backlog = [];
  for (let at = now - span; at < now; at += 60e3) state.backlog.push({ at, n: arrivals.filter((a) => a <= at).length });
};

export const sampleBacklog = () => {
  const now = Date.now();
  state.backlog.push({ at: now, n: openCount() });
  state.backlog = state.backlog.filter((p) => now - p.at <= span);
};

export const drawBacklog = () => {
  const pts = state.backlog;
  const el = $('backlog');
  if (pts.length === 0) {
    el.innerHTML = '';
    return;
  }
  const W = 400;
  const H = 120;
  const pad = 18;
  const end = Date.now();
  const max = Math.max(5, ...pts.map((p) => p.n));
  const x = (at) => pad + ((at - (end - span)) / span) * (W - pad - 4);
  const y = (n) => H - pad - (n / max) * (H - pad - 8);
  const line = pts.map((p, i) => `${i ? 'L' : 'M'}${x(p.at).toFixed(1)},${y(p.n).toFixed(1)}`).join('');
  const area = `${line}L${x(pts.at(-1).at).toFixed(1)},${y(0)}L${x(pts[0].at).toFixed(1)},${y(0)}Z`;
  el.innerHTML =
    `<line class="axis" x1="${pad}" y1="${y(0)}" x2="${W}" y2="${y(0)}"/><text x="0" y="${y(max) + 4}">${max}</text><text x="0" y="${y(0)}">0</text>` +
    `<text x="${pad}" y="${H - 4}">${esc(t('backlog.ago'))}</text><text x="${W - 30}" y="${H - 4}">${esc(t('backlog.now'))}</text><path class="area" d="${area}"/><path class="line" d="${line}"/>` +
    `<text x="${W - 60}" y="12">${esc(t('backlog.open', { n: pts.at(-1).n }))}</text>`;
};

/** Average first response per group: [{ group, min, n }]. */
const frtBars = () => {
  const today = state.board.today;
  if (state.supervisor && today) return today.frtByGroup.map((g) => ({ g: g.group, min: g.avgMs / 60e3, n: g.count }));
  const per = new Map();
  for (const f of state.frt.values()) {
    const a = per.get(f.group) ?? { sum: 0, n: 0 };
    per.set(f.group, { sum: a.sum + f.ms, n: a.n + 1 });
  }
  return [...per.entries()].map(([g, a]) => ({ g, min: a.sum / a.n / 60e3, n: a.n }));
};

export const drawFrt = () => {
  const bars = frtBars()
    .filter((b) => !state.group || b.g === state.group)
    .sort((a, b) => b.min - a.min)
    .slice(0, 7);
  const el = $('frt');
  if (bars.length === 0) {
    el.innerHTML = `<text x="0" y="20">${esc(t('frt.none'))}</text>`;
    return;
  }
  const max = Math.max(1, ...bars.map((b) => b.min));
  el.innerHTML = bars
    .map((b, i) => {
      const w = (b.min / max) * 170;
      const yy = i * 19 + 4;
      const name = (state.groups.get(b.g) ?? b.g).slice(0, 22);
      return `<text x="0" y="${yy + 11}">${esc(name)}</text><rect class="bar ${b.min > 30 ? 'late' : ''}" x="175" y="${yy}" width="${Math.max(2, w).toFixed(1)}" height="13" rx="2"/><text x="${181 + w}" y="${yy + 11}">${b.min.toFixed(1)} (${b.n})</text>`;
    })
    .join('');
};
