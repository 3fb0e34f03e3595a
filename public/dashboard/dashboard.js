// Switchboard live dashboard: plain ES modules, no build step. State = open tickets by id, kept
// current from socket.io events; a (re)connect resubscribes with the last sequence number so
// the server replays what was missed (or sends a fresh snapshot). Labels come from i18n/<lang>.js.
import { createCallsCard } from './calls.js';
import { drawBacklog, drawFrt, sampleBacklog, seedBacklog } from './charts.js';
import { fillGroups, groupFromUrl, onGroupChange } from './group-filter.js';
import { applyLabels, chooseLanguage, switchLanguage, t } from './i18n.js';
import { applyTaskList, applyTasks, applyTicket, state } from './state.js';
import { createBoard, renderBoard } from './supervisor.js';
import { openTickets, renderKpis, renderQueues, renderTasks, renderTickets } from './tables.js';
import { $ } from './util.js';

let status = { on: false, key: 'connecting', vars: {} };
const setStatus = (on, key, vars = {}) => {
  status = { on, key, vars };
  $('status').className = `status ${on ? 'on' : 'off'}`;
  $('status').dataset.state = key;
  $('status').textContent = t(`status.${key}`, vars);
};
let dirty = true;

chooseLanguage(navigator.language);
applyLabels();
$('lang').addEventListener('click', () => {
  switchLanguage();
  applyLabels();
  setStatus(status.on, status.key, status.vars);
  if (state.groups.size) fillGroups();
  renderBoard();
  dirty = true;
});

// Token: ?token= once, then sessionStorage (and removed from the address bar).
const params = new URLSearchParams(location.search);
if (params.get('token')) {
  sessionStorage.setItem('swb-token', params.get('token'));
  params.delete('token');
  history.replaceState(null, '', location.pathname + (params.toString() ? `?${params}` : ''));
}
const token = sessionStorage.getItem('swb-token');
if (!token) {
  $('login').hidden = false;
  setStatus(false, 'signedOut');
  $('login').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem('swb-token', $('token').value.trim());
    location.reload();
  });
} else start(token);

function start(token) {
  $('logout').hidden = false;
  $('logout').addEventListener('click', () => {
    sessionStorage.removeItem('swb-token');
    location.reload();
  });
  const api = (path) =>
    fetch(path, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => {
      if (r.status === 401) {
        // the same state whichever notices first, the socket or a request
        setStatus(false, 'rejected');
        throw Object.assign(new Error(t('status.rejected')), { rejected: true });
      }
      if (!r.ok) throw new Error((await r.json().catch(() => ({}))).error?.message ?? r.statusText);
      return r.json();
    });
  const failed = (e) => {
    if (!e.rejected) setStatus(false, 'failed', { message: e.message });
  };
  const calls = createCallsCard(api);
  const board = createBoard(api, failed, () => {
    dirty = true;
  });
  state.group = groupFromUrl();
  onGroupChange(() => {
    seedBacklog();
    board.load();
    dirty = true;
  });

  const loadPolicy = () =>
    api('/api/policy').then((p) => {
      $('policy').textContent = `${p.name ?? p.id} · ${p.version}`;
      state.kinds = new Map(p.statuses.map((s) => [s.id, s.kind]));
      state.groups = new Map(p.groups.map((g) => [g.id, g.name ?? g.id]));
      state.levels = p.priorities.levels;
      state.timezone = p.timezone;
      state.voice = (p.channels ?? []).filter((c) => c.kind === 'voice');
      fillGroups();
      calls.load();
      dirty = true;
    });
  /** Who is looking: the supervisor's cards for admins and supervisors; the policy's language unless one was chosen. */
  let policyLoaded;
  const loadAccess = () =>
    api('/api/dashboard').then((a) => {
      chooseLanguage(a.locale);
      applyLabels();
      setStatus(status.on, status.key, status.vars);
      if (state.groups.size) fillGroups();
      dirty = true;
      state.supervisor = a.supervisor;
      for (const el of document.querySelectorAll('[data-supervisor]')) el.hidden = !a.supervisor;
      if (a.supervisor) policyLoaded.then(board.load);
    });

  const onEvent = (e) => {
    if (typeof e.seq === 'number') state.lastSeq = Math.max(state.lastSeq ?? 0, e.seq);
    if (e.ticket) {
      applyTasks(e.ticket);
      applyTicket(e.ticket, e.type === 'ticket.created');
      calls.changed(e.ticket);
    }
    if (e.type === 'agent.presence') board.presence(e);
    else board.soon();
    if (e.type === 'config.applied') loadPolicy().catch(failed);
  };

  const socket = io({ auth: { token }, transports: ['websocket', 'polling'] });
  const subscribe = () =>
    socket.emit(
      'subscribe',
      { all: true, batch: true, ...(state.lastSeq !== undefined ? { sinceSeq: state.lastSeq } : {}) },
      (ack) => {
        if (!ack?.ok) return setStatus(false, 'failed', { message: ack?.error?.message ?? 'subscribe' });
        if (ack.mode === 'snapshot') {
          state.tickets.clear();
          for (const tk of ack.snapshot ?? []) {
            applyTasks(tk);
            applyTicket(tk, false);
          }
          if (state.backlog.length === 0) seedBacklog();
          api('/api/tasks?state=open,due&limit=500')
            .then((page) => {
              applyTaskList(page.items);
              dirty = true;
            })
            .catch(failed);
        }
        state.lastSeq = Math.max(state.lastSeq ?? 0, ack.seq);
        if (ack.mode === 'replay') setStatus(true, 'replay', { n: ack.replayed });
        else setStatus(true, 'live');
        sampleBacklog();
        dirty = true;
      },
    );
  socket.on('connect', subscribe);
  socket.on('disconnect', () => setStatus(false, 'reconnecting'));
  socket.on('connect_error', (err) => {
    const code = err.data?.code;
    if (code === 'SWB_AUTH_INVALID' || code === 'SWB_AUTH_MISSING') setStatus(false, 'rejected');
    else setStatus(false, 'offline', { message: err.message });
    if (code === 'SWB_AUTH_INVALID') {
      sessionStorage.removeItem('swb-token');
      $('logout').dataset.i18n = 'logout.other';
      $('logout').textContent = t('logout.other');
    }
  });
  socket.on('batch', ({ events }) => {
    for (const e of events) onEvent(e);
    sampleBacklog();
    dirty = true;
  });
  // Per-event emits (before the batch subscription is acknowledged).
  for (const name of [
    'ticket.created',
    'ticket.updated',
    'ticket.assigned',
    'ticket.replied',
    'sla.warning',
    'sla.breached',
    'sla.met',
    'sla.paused',
    'sla.resumed',
    'task.created',
    'task.completed',
    'task.cancelled',
    'task.due',
    'agent.presence',
    'config.applied',
    'config.rejected',
  ]) {
    socket.on(name, (e) => {
      onEvent(e);
      dirty = true;
    });
  }

  $('main').hidden = false;
  // the board is read once the groups are known (an unknown ?group= falls back to all)
  policyLoaded = loadPolicy().catch(failed);
  loadAccess().catch(failed);
  // Redraw at most every 100 ms when something changed, and every second for the countdowns
  // (timers, not requestAnimationFrame: a wall display in a background tab keeps updating).
  setInterval(() => {
    if (!dirty) return;
    dirty = false;
    const now = Date.now();
    const open = openTickets(now);
    renderKpis(open);
    renderQueues(open, now);
    renderTickets(open, now);
    renderTasks(now);
    drawBacklog();
    drawFrt();
    $('clock').textContent = new Date(now).toLocaleTimeString(document.documentElement.lang);
  }, 100);
  setInterval(() => {
    dirty = true;
  }, 1000);
  setInterval(sampleBacklog, 10_000);
}
