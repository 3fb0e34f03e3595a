// The hotline card: the server's call metrics per voice channel (GET /api/metrics/calls),
// refreshed when a voice ticket changes (at most once a second).
import { state } from './state.js';
import { $, cell, esc, fmtRate, fmtSecs } from './util.js';

const render = (channels) => {
  const rows = channels.map((c) => ({ c, m: c.calls })).filter((x) => x.m && x.m.offered > 0);
  $('calls-card').hidden = rows.length === 0;
  $('calls').querySelector('tbody').innerHTML = rows
    .map(
      ({ c, m }) =>
        `<tr data-channel="${esc(c.channel)}"><td>${esc(c.name ?? c.channel)}${c.answerWithin ? ` <span class="muted">≤ ${esc(c.answerWithin)}</span>` : ''}</td>` +
        cell('offered', m.offered, String(m.offered)) +
        cell('answered', m.answered, String(m.answered)) +
        cell('serviceLevel', m.serviceLevel, fmtRate(m.serviceLevel)) +
        cell('asaMs', m.asaMs, fmtSecs(m.asaMs)) +
        cell('abandonRate', m.abandonRate, fmtRate(m.abandonRate)) +
        cell('talkMs', m.talkMs, fmtSecs(m.talkMs)) +
        cell('holdMs', m.holdMs, fmtSecs(m.holdMs)) +
        cell('wrapMs', m.wrapMs, fmtSecs(m.wrapMs)) +
        cell('ahtMs', m.ahtMs, fmtSecs(m.ahtMs)) +
        cell('fcrRate', m.fcr.rate, fmtRate(m.fcr.rate)) +
        '</tr>',
    )
    .join('');
};

export const createCallsCard = (api) => {
  let timer;
  const load = () => {
    if (!state.voice.length) return;
    api('/api/metrics/calls')
      .then((r) => render(r.channels))
      .catch(() => {});
  };
  const changed = (tk) => {
    if (!tk || !state.voice.some((c) => c.id === tk.channel || tk.calls?.some((k) => k.channel === c.id))) return;
    clearTimeout(timer);
    timer = setTimeout(load, 1000);
  };
  return { load, changed };
};
