// The supervisor's cards (admins and supervisors): the agent board, today's SLA attainment and
// CSAT, today's counters and the refused policy changes. Every figure is the server's
// (GET /api/dashboard/agents, /today, /refusals, narrowed by ?group=), read again shortly after
// the events that change them and once a minute (shifts open and close without an event).
import { t } from './i18n.js';
import { state } from './state.js';
import { $, cell, esc, fmtLeft, fmtRate } from './util.js';

const pct = (r) => fmtRate(r);
/** An instant in the policy's time zone (the one "today" is counted in). */
const time = (iso) =>
  new Date(iso).toLocaleString(document.documentElement.lang, state.timezone ? { timeZone: state.timezone } : {});

const renderAgents = () => {
  const items = state.board.agents?.items ?? [];
  $('agents').tBodies[0].innerHTML = items
    .map((a) => {
      const shift = a.absent
        ? t('shift.absent', { until: time(a.absent.until) })
        : a.onShift
          ? t('shift.on')
          : t('shift.off');
      const load =
        a.capacity !== null
          ? `${a.load} / ${a.capacity}`
          : a.kinds.some((k) => k.capacity !== null)
            ? String(a.load)
            : `${a.load} / ${t('load.unlimited')}`;
      const kinds = a.kinds.map((k) => `${k.kind} ${k.load}/${k.capacity ?? '∞'}`).join(' · ');
      const full = a.utilisation !== null && a.utilisation >= 1 ? 'hot' : '';
      return (
        `<tr data-agent="${esc(a.id)}" data-presence="${esc(a.presence)}"><td>${esc(a.name)}</td>` +
        `<td><span class="dot ${esc(a.presence)}"></span>${esc(t(`presence.${a.presence}`))}</td>` +
        `<td data-k="onShift" data-v="${a.onShift}">${esc(shift)}</td>` +
        `<td class="num ${full}" data-k="load" data-v="${a.load}" data-capacity="${a.capacity ?? ''}">${esc(load)} <span class="muted">${esc(kinds)}</span></td></tr>`
      );
    })
    .join('');
};

const renderToday = () => {
  const d = state.board.today;
  if (!d) return;
  $('sla-today').tBodies[0].innerHTML = ['firstResponse', 'resolution']
    .map((k) => {
      const s = d.sla[k];
      return (
        `<tr data-target="${k}"><td>${esc(t(`timer.${k}`))}</td>` +
        cell('met', s.met, String(s.met), 'num') +
        cell('breached', s.breached, String(s.breached), 'num') +
        cell('attainment', s.attainment, pct(s.attainment), 'num') +
        '</tr>'
      );
    })
    .join('');
  $('csat-today').tBodies[0].innerHTML =
    '<tr>' +
    cell('avgScore', d.csat.avgScore, d.csat.avgScore === null ? t('none') : d.csat.avgScore.toFixed(2), 'num') +
    cell('count', d.csat.count, String(d.csat.count), 'num') +
    cell('satisfiedRate', d.csat.satisfiedRate, pct(d.csat.satisfiedRate), 'num') +
    '</tr>';
  $('k-frt').textContent = d.frt.avgMs === null ? t('none') : fmtLeft(d.frt.avgMs);
  $('k-arrived').textContent = d.tickets;
  for (const k of ['events', 'breaches', 'warnings', 'escalations', 'refusals'])
    $(`c-${k}`).textContent = d.counters[k];
};

const renderRefusals = () => {
  const items = state.board.refusals?.items ?? [];
  const rows = items.flatMap((r) =>
    r.problems.map(
      (p) =>
        `<tr class="breached" data-at="${esc(r.at)}"><td>${esc(time(r.at))}</td><td class="where">${esc(`${p.file}:${p.line}:${p.col}`)}</td><td class="code">${esc(p.code)}</td><td class="subject">${esc(p.message)}</td></tr>`,
    ),
  );
  $('refusals').tBodies[0].innerHTML = rows.length
    ? rows.join('')
    : `<tr class="empty"><td colspan="4" class="muted">${esc(t('refusals.none'))}</td></tr>`;
};

export const renderBoard = () => {
  if (!state.supervisor) return;
  renderAgents();
  renderToday();
  renderRefusals();
};

export const createBoard = (api, onError, onLoaded) => {
  let timer;
  const q = () => (state.group ? `?group=${encodeURIComponent(state.group)}` : '');
  const load = () =>
    Promise.all([api(`/api/dashboard/agents${q()}`), api(`/api/dashboard/today${q()}`), api('/api/dashboard/refusals')])
      .then(([agents, today, refusals]) => {
        state.board = { agents, today, refusals };
        renderBoard();
        onLoaded();
      })
      .catch(onError);
  /** After events: read again within a second (many events, one read). */
  const soon = () => {
    if (!state.supervisor || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      load();
    }, 500);
  };
  /** A presence change shows at once; loads follow with the next read. */
  const presence = (e) => {
    const a = state.board.agents?.items.find((x) => x.id === e.agent);
    if (a) a.presence = e.status;
    renderAgents();
    soon();
  };
  setInterval(() => state.supervisor && load(), 60_000);
  return { load, soon, presence };
};
