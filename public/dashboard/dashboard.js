// Switchboard live dashboard: vanilla JS, no build step. State = open tickets by id, kept
// current from socket.io events; a (re)connect resubscribes with the last sequence number so
// the server replays what was missed (or sends a fresh snapshot).
(() => {
  const $ = (id) => document.getElementById(id);
  const esc = (s) =>
    String(s ?? '').replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
    );
  const state = {
    tickets: new Map(),
    kinds: new Map(),
    groups: new Map(),
    levels: ['P0', 'P1', 'P2', 'P3'],
    lastSeq: undefined,
    backlog: [],
    frt: new Map(),
    fresh: new Set(),
    created: [],
    // unfinished tasks by ticket id: { version, ticket: { id, number, subject, status }, tasks }
    tasks: new Map(),
  };

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
    $('status').textContent = 'signed out';
    $('login').addEventListener('submit', (e) => {
      e.preventDefault();
      sessionStorage.setItem('swb-token', $('token').value.trim());
      location.reload();
    });
    return;
  }
  $('logout').hidden = false;
  $('logout').addEventListener('click', () => {
    sessionStorage.removeItem('swb-token');
    location.reload();
  });

  const api = (path) =>
    fetch(path, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => {
      if (r.status === 401) throw new Error('token rejected');
      if (!r.ok) throw new Error((await r.json().catch(() => ({}))).error?.message ?? r.statusText);
      return r.json();
    });

  const kindOf = (t) => state.kinds.get(t.status) ?? t.status;
  const isOpen = (t) => !['resolved', 'closed'].includes(kindOf(t));
  /** The timer that matters now: first response until met, then resolution. */
  const activeTimer = (t) => {
    const fr = t.sla?.firstResponse;
    if (fr && (fr.state === 'running' || fr.state === 'breached')) return { name: 'first response', ...fr };
    const res = t.sla?.resolution;
    if (res && (res.state === 'running' || res.state === 'breached' || res.state === 'paused'))
      return { name: 'resolution', ...res };
    return undefined;
  };
  const slaState = (t, now) => {
    const timer = activeTimer(t);
    if (!timer) return { level: 'none', due: Infinity, timer };
    const due = Date.parse(timer.dueAt);
    if (timer.state === 'breached' || (timer.state === 'running' && now >= due))
      return { level: 'breached', due, timer };
    if (timer.state === 'running' && (timer.warnAt ?? []).some((w) => now >= Date.parse(w)))
      return { level: 'warning', due, timer };
    return { level: timer.state === 'paused' ? 'paused' : 'ok', due, timer };
  };
  const fmtLeft = (ms) => {
    const neg = ms < 0;
    let s = Math.floor(Math.abs(ms) / 1000);
    const h = Math.floor(s / 3600);
    s -= h * 3600;
    const m = Math.floor(s / 60);
    s -= m * 60;
    const txt = h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}:${String(s).padStart(2, '0')}`;
    return neg ? `−${txt}` : txt;
  };
  const fmtAge = (ms) =>
    ms < 3600e3
      ? `${Math.max(0, Math.floor(ms / 60e3))}m`
      : ms < 86400e3
        ? `${Math.floor(ms / 3600e3)}h`
        : `${Math.floor(ms / 86400e3)}d`;

  const noteFrt = (t) => {
    if (!t.firstResponseAt) return;
    state.frt.set(t.id, { group: t.group, ms: Date.parse(t.firstResponseAt) - Date.parse(t.createdAt) });
  };
  const apply = (t, isNew) => {
    const known = state.tickets.get(t.id);
    if (known && known.version > t.version) return; // an older copy (snapshot vs. event race)
    noteFrt(t);
    if (isOpen(t)) state.tickets.set(t.id, t);
    else state.tickets.delete(t.id);
    if (isNew && !known) {
      state.fresh.add(t.id);
      state.created.push(Date.now());
    }
  };
  /** A ticket's unfinished tasks replace what was held for it (older copies are ignored). */
  const applyTasks = (t) => {
    const held = state.tasks.get(t.id);
    if (held && held.version > t.version) return;
    const owed = (t.tasks ?? []).filter((k) => k.state === 'open' || k.state === 'due');
    if (owed.length === 0) state.tasks.delete(t.id);
    else state.tasks.set(t.id, { version: t.version, ticket: t, tasks: owed });
  };
  /** Tasks of tickets the socket snapshot does not hold (resolved and closed ones: call-backs). */
  const loadTasks = () =>
    api('/api/tasks?state=open,due&limit=500').then((page) => {
      const byTicket = new Map();
      for (const { ticket, task } of page.items) {
        const entry = byTicket.get(ticket.id) ?? { version: ticket.version, ticket, tasks: [] };
        entry.tasks.push(task);
        byTicket.set(ticket.id, entry);
      }
      // a copy an event brought meanwhile may be newer than the list's
      for (const [id, entry] of byTicket)
        if (!(state.tasks.get(id)?.version > entry.version)) state.tasks.set(id, entry);
      dirty = true;
    });
  const onEvent = (e) => {
    if (typeof e.seq === 'number') state.lastSeq = Math.max(state.lastSeq ?? 0, e.seq);
    if (e.ticket) applyTasks(e.ticket);
    if (e.ticket) apply(e.ticket, e.type === 'ticket.created');
    if (e.ticket) callsChanged(e.ticket);
    if (e.type === 'config.applied') loadPolicy();
  };

  // ---- hotline calls: the server's call metrics per voice channel ----------------------------
  const fmtSecs = (ms) => (ms === null || ms === undefined ? '–' : `${Math.round(ms / 1000)} s`);
  const fmtRate = (r) => (r === null || r === undefined ? '–' : `${(r * 100).toFixed(1)} %`);
  const callCell = (value, text, key) => `<td data-k="${key}" data-v="${value ?? ''}">${esc(text)}</td>`;
  const renderCalls = (channels) => {
    const rows = channels.map((c) => ({ c, m: c.calls })).filter((x) => x.m && x.m.offered > 0);
    $('calls-card').hidden = rows.length === 0;
    $('calls').querySelector('tbody').innerHTML = rows
      .map(
        ({ c, m }) =>
          `<tr data-channel="${esc(c.channel)}"><td>${esc(c.name ?? c.channel)}${c.answerWithin ? ` <span class="muted">≤ ${esc(c.answerWithin)}</span>` : ''}</td>${callCell(m.offered, String(m.offered), 'offered')}${callCell(m.answered, String(m.answered), 'answered')}${callCell(m.serviceLevel, fmtRate(m.serviceLevel), 'serviceLevel')}${callCell(m.asaMs, fmtSecs(m.asaMs), 'asaMs')}${callCell(m.abandonRate, fmtRate(m.abandonRate), 'abandonRate')}${callCell(m.talkMs, fmtSecs(m.talkMs), 'talkMs')}${callCell(m.holdMs, fmtSecs(m.holdMs), 'holdMs')}${callCell(m.wrapMs, fmtSecs(m.wrapMs), 'wrapMs')}${callCell(m.ahtMs, fmtSecs(m.ahtMs), 'ahtMs')}${callCell(m.fcr.rate, fmtRate(m.fcr.rate), 'fcrRate')}</tr>`,
      )
      .join('');
  };
  let callsTimer;
  const loadCalls = () => {
    if (!state.voice?.length) return;
    api('/api/metrics/calls')
      .then((r) => renderCalls(r.channels))
      .catch(() => {});
  };
  /** A change of a voice ticket refreshes the card (at most once a second). */
  const callsChanged = (t) => {
    if (!t || !state.voice?.some((c) => c.id === t.channel || t.calls?.some((k) => k.channel === c.id))) return;
    clearTimeout(callsTimer);
    callsTimer = setTimeout(loadCalls, 1000);
  };

  const loadPolicy = () =>
    api('/api/policy').then((p) => {
      $('policy').textContent = `${p.name ?? p.id} · ${p.version}`;
      state.kinds = new Map(p.statuses.map((s) => [s.id, s.kind]));
      state.groups = new Map(p.groups.map((g) => [g.id, g.name ?? g.id]));
      state.levels = p.priorities.levels;
      state.voice = (p.channels ?? []).filter((c) => c.kind === 'voice');
      loadCalls();
    });

  // ---- rendering -----------------------------------------------------------------------
  const render = () => {
    const now = Date.now();
    const open = [...state.tickets.values()].map((t) => ({ t, s: slaState(t, now) }));
    open.sort((a, b) => a.s.due - b.s.due || a.t.createdAt.localeCompare(b.t.createdAt));
    const count = (f) => open.filter(f).length;
    $('k-open').textContent = open.length;
    $('k-unassigned').textContent = count((x) => !x.t.assignee);
    $('k-warning').textContent = count((x) => x.s.level === 'warning');
    $('k-breached').textContent = count((x) => x.s.level === 'breached');
    const frts = [...state.frt.values()].map((f) => f.ms);
    $('k-frt').textContent = frts.length ? fmtLeft(frts.reduce((a, b) => a + b, 0) / frts.length) : '–';
    state.created = state.created.filter((at) => now - at < 15 * 60e3);
    $('k-new').textContent = state.created.length;
    $('clock').textContent = new Date(now).toLocaleTimeString();

    // Queues per group: every policy group, busiest first.
    const byGroup = new Map([...state.groups.keys()].map((g) => [g, []]));
    for (const x of open) (byGroup.get(x.t.group) ?? byGroup.set(x.t.group, []).get(x.t.group)).push(x);
    const rows = [...byGroup.entries()]
      .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
      .map(([g, xs]) => {
        const per = (p) => xs.filter((x) => x.t.priority === p).length;
        const risk = xs.filter((x) => x.s.level === 'warning').length;
        const late = xs.filter((x) => x.s.level === 'breached').length;
        const next = xs.find((x) => Number.isFinite(x.s.due));
        return (
          `<tr data-group="${esc(g)}"><td>${esc(state.groups.get(g) ?? g)}</td><td class="num">${xs.length}</td>${state.levels
            .slice(0, 4)
            .map((p) => `<td class="num">${per(p) || ''}</td>`)
            .join('')}` +
          `<td class="num">${xs.filter((x) => !x.t.assignee).length || ''}</td><td class="num ${risk ? 'risk' : ''}">${risk || ''}</td><td class="num ${late ? 'hot' : ''}">${late || ''}</td>` +
          `<td class="num ${next?.s.level === 'breached' ? 'hot' : next?.s.level === 'warning' ? 'risk' : ''}">${next ? fmtLeft(next.s.due - now) : ''}</td></tr>`
        );
      });
    $('queues').tBodies[0].innerHTML = rows.join('');

    const shown = open.slice(0, 100);
    $('count').textContent =
      `${open.length} open${open.length > shown.length ? `, ${shown.length} most urgent shown` : ''}`;
    $('tickets').tBodies[0].innerHTML = shown
      .map(({ t, s }) => {
        const sla = s.timer
          ? `${s.level === 'paused' ? '⏸ ' : ''}${fmtLeft(s.due - now)} <span class="muted">${s.timer.name}</span>`
          : '<span class="muted">–</span>';
        return (
          `<tr data-id="${esc(t.id)}" class="${s.level} ${state.fresh.has(t.id) ? 'fresh' : ''}"><td class="sla">${sla}</td><td>${esc(t.number)}</td><td><span class="pri ${esc(t.priority)}">${esc(t.priority)}</span></td>` +
          `<td class="subject">${esc(t.subject)}</td><td>${esc(state.groups.get(t.group) ?? t.group)}</td><td>${esc(t.assignee ?? '—')}</td><td>${esc(t.status)}</td><td>${esc(t.customer?.name ?? t.customer?.id)}</td><td>${fmtAge(now - Date.parse(t.createdAt))}</td></tr>`
        );
      })
      .join('');
    state.fresh.clear();
    renderTasks(now);
    drawBacklog();
    drawFrt();
  };

  /** Unfinished tasks, soonest due first: overdue (came due, or past due) in red, the next hour amber. */
  const renderTasks = (now) => {
    const rows = [];
    for (const { ticket, tasks } of state.tasks.values())
      for (const task of tasks) rows.push({ ticket, task, due: Date.parse(task.dueAt) });
    rows.sort((a, b) => a.due - b.due || a.task.id.localeCompare(b.task.id));
    const overdue = (r) => r.task.state === 'due' || now >= r.due;
    $('k-tasks-overdue').textContent = rows.filter(overdue).length;
    const shown = rows.slice(0, 50);
    $('task-count').textContent =
      `${rows.length} to do${rows.length > shown.length ? `, ${shown.length} soonest shown` : ''}`;
    $('tasks').tBodies[0].innerHTML = shown
      .map((r) => {
        const late = overdue(r);
        const level = late ? 'overdue' : r.due - now < 3600e3 ? 'soon' : '';
        const when = late ? `overdue ${fmtAge(Math.max(0, now - r.due))}` : fmtLeft(r.due - now);
        const owner = r.task.assignee ?? (r.task.group ? (state.groups.get(r.task.group) ?? r.task.group) : '—');
        return (
          `<tr data-task="${esc(r.task.id)}" data-ticket="${esc(r.ticket.id)}" class="${level}"><td class="due">${when}</td><td>${esc(r.task.name)}</td>` +
          `<td>${esc(r.ticket.number)}</td><td class="subject">${esc(r.ticket.subject)}</td><td>${esc(owner)}</td><td>${esc(r.ticket.status)}</td></tr>`
        );
      })
      .join('');
  };

  const svg = (el, body) => {
    el.innerHTML = body;
  };
  const drawBacklog = () => {
    const pts = state.backlog;
    if (pts.length === 0) return svg($('backlog'), '');
    const W = 400,
      H = 120,
      pad = 18,
      span = 30 * 60e3,
      end = Date.now();
    const max = Math.max(5, ...pts.map((p) => p.n));
    const x = (at) => pad + ((at - (end - span)) / span) * (W - pad - 4);
    const y = (n) => H - pad - (n / max) * (H - pad - 8);
    const line = pts.map((p, i) => `${i ? 'L' : 'M'}${x(p.at).toFixed(1)},${y(p.n).toFixed(1)}`).join('');
    const area = `${line}L${x(pts.at(-1).at).toFixed(1)},${y(0)}L${x(pts[0].at).toFixed(1)},${y(0)}Z`;
    svg(
      $('backlog'),
      `<line class="axis" x1="${pad}" y1="${y(0)}" x2="${W}" y2="${y(0)}"/><text x="0" y="${y(max) + 4}">${max}</text><text x="0" y="${y(0)}">0</text>` +
        `<text x="${pad}" y="${H - 4}">−30 min</text><text x="${W - 30}" y="${H - 4}">now</text><path class="area" d="${area}"/><path class="line" d="${line}"/>` +
        `<text x="${W - 60}" y="12">${pts.at(-1).n} open</text>`,
    );
  };
  const drawFrt = () => {
    const per = new Map();
    for (const f of state.frt.values()) {
      const a = per.get(f.group) ?? { sum: 0, n: 0 };
      per.set(f.group, { sum: a.sum + f.ms, n: a.n + 1 });
    }
    const bars = [...per.entries()]
      .map(([g, a]) => ({ g, min: a.sum / a.n / 60e3, n: a.n }))
      .sort((a, b) => b.min - a.min)
      .slice(0, 7);
    if (bars.length === 0) return svg($('frt'), '<text x="0" y="20">no first responses yet</text>');
    const max = Math.max(1, ...bars.map((b) => b.min));
    svg(
      $('frt'),
      bars
        .map((b, i) => {
          const w = (b.min / max) * 170;
          const yy = i * 19 + 4;
          return `<text x="0" y="${yy + 11}">${esc((state.groups.get(b.g) ?? b.g).slice(0, 22))}</text><rect class="bar ${b.min > 30 ? 'late' : ''}" x="175" y="${yy}" width="${Math.max(2, w).toFixed(1)}" height="13" rx="2"/><text x="${181 + w}" y="${yy + 11}">${b.min.toFixed(1)} (${b.n})</text>`;
        })
        .join(''),
    );
  };
  /** Before live samples exist: the arrival curve of today's open tickets, one point a minute. */
  const seedBacklog = () => {
    const now = Date.now();
    const arrivals = [...state.tickets.values()].map((t) => Date.parse(t.createdAt));
    for (let at = now - 30 * 60e3; at < now; at += 60e3)
      state.backlog.push({ at, n: arrivals.filter((a) => a <= at).length });
  };
  const sampleBacklog = () => {
    const now = Date.now();
    state.backlog.push({ at: now, n: state.tickets.size });
    state.backlog = state.backlog.filter((p) => now - p.at <= 30 * 60e3);
  };

  // ---- live connection -------------------------------------------------------------------
  let dirty = true;
  const socket = io({ auth: { token }, transports: ['websocket', 'polling'] });
  const subscribe = () =>
    socket.emit(
      'subscribe',
      { all: true, batch: true, ...(state.lastSeq !== undefined ? { sinceSeq: state.lastSeq } : {}) },
      (ack) => {
        if (!ack?.ok) return setStatus(false, ack?.error?.message ?? 'subscribe failed');
        if (ack.mode === 'snapshot') {
          state.tickets.clear();
          for (const t of ack.snapshot ?? []) {
            applyTasks(t);
            apply(t, false);
          }
          if (state.backlog.length === 0) seedBacklog();
          loadTasks().catch((e) => setStatus(false, e.message));
        }
        state.lastSeq = Math.max(state.lastSeq ?? 0, ack.seq);
        setStatus(true, ack.mode === 'replay' ? `live (caught up ${ack.replayed})` : 'live');
        sampleBacklog();
        dirty = true;
      },
    );
  const setStatus = (on, text) => {
    $('status').className = `status ${on ? 'on' : 'off'}`;
    $('status').textContent = text;
  };
  socket.on('connect', subscribe);
  socket.on('disconnect', () => setStatus(false, 'reconnecting…'));
  socket.on('connect_error', (err) => {
    setStatus(
      false,
      err.data?.code === 'SWB_AUTH_INVALID' || err.data?.code === 'SWB_AUTH_MISSING'
        ? 'token rejected'
        : `offline: ${err.message}`,
    );
    if (err.data?.code === 'SWB_AUTH_INVALID') {
      sessionStorage.removeItem('swb-token');
      $('logout').textContent = 'use another token';
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
    'config.applied',
  ]) {
    socket.on(name, (e) => {
      onEvent(e);
      dirty = true;
    });
  }

  $('main').hidden = false;
  loadPolicy()
    .catch((e) => setStatus(false, e.message))
    .finally(() => {
      dirty = true;
    });
  // Redraw at most every 100 ms when something changed, and every second for the countdowns
  // (timers, not requestAnimationFrame: a wall display in a background tab keeps updating).
  setInterval(() => {
    if (!dirty) return;
    dirty = false;
    render();
  }, 100);
  setInterval(() => {
    dirty = true;
  }, 1000);
  setInterval(sampleBacklog, 10_000);
})();
