// The ticket-side cards: KPIs, queues per group, tasks owed and tickets by SLA urgency, all
// from the tickets the socket keeps current, narrowed to the chosen group.
import { t } from './i18n.js';
import { slaState } from './sla-state.js';
import { inGroup, state } from './state.js';
import { $, esc, fmtAge, fmtLeft } from './util.js';

const groupName = (g) => state.groups.get(g) ?? g;

/** The open tickets of the chosen group with their SLA level, most urgent first. */
export const openTickets = (now) => {
  const open = [...state.tickets.values()].filter(inGroup).map((tk) => ({ t: tk, s: slaState(tk, now) }));
  open.sort((a, b) => a.s.due - b.s.due || a.t.createdAt.localeCompare(b.t.createdAt));
  return open;
};

export const renderKpis = (open) => {
  const count = (f) => open.filter(f).length;
  $('k-open').textContent = open.length;
  $('k-unassigned').textContent = count((x) => !x.t.assignee);
  $('k-warning').textContent = count((x) => x.s.level === 'warning');
  $('k-breached').textContent = count((x) => x.s.level === 'breached');
};

/** Queues per group: every policy group (or the chosen one), busiest first. */
export const renderQueues = (open, now) => {
  const byGroup = new Map(
    [...state.groups.keys()].filter((g) => !state.group || g === state.group).map((g) => [g, []]),
  );
  for (const x of open) {
    if (state.group && x.t.group !== state.group) continue;
    (byGroup.get(x.t.group) ?? byGroup.set(x.t.group, []).get(x.t.group)).push(x);
  }
  $('queues').tBodies[0].innerHTML = [...byGroup.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .map(([g, xs]) => {
      const per = (p) => xs.filter((x) => x.t.priority === p).length;
      const risk = xs.filter((x) => x.s.level === 'warning').length;
      const late = xs.filter((x) => x.s.level === 'breached').length;
      const next = xs.find((x) => Number.isFinite(x.s.due));
      const nextCls = next?.s.level === 'breached' ? 'hot' : next?.s.level === 'warning' ? 'risk' : '';
      return (
        `<tr data-group="${esc(g)}"><td>${esc(groupName(g))}</td><td class="num">${xs.length}</td>` +
        state.levels
          .slice(0, 4)
          .map((p) => `<td class="num">${per(p) || ''}</td>`)
          .join('') +
        `<td class="num">${xs.filter((x) => !x.t.assignee).length || ''}</td><td class="num ${risk ? 'risk' : ''}">${risk || ''}</td><td class="num ${late ? 'hot' : ''}">${late || ''}</td>` +
        `<td class="num ${nextCls}">${next ? fmtLeft(next.s.due - now) : ''}</td></tr>`
      );
    })
    .join('');
};

export const renderTickets = (open, now) => {
  const shown = open.slice(0, 100);
  $('count').textContent =
    t('tickets.count', { n: open.length }) +
    (open.length > shown.length ? t('tickets.shown', { n: shown.length }) : '');
  $('tickets').tBodies[0].innerHTML = shown
    .map(({ t: tk, s }) => {
      const sla = s.timer
        ? `${s.level === 'paused' ? '⏸ ' : ''}${fmtLeft(s.due - now)} <span class="muted">${esc(s.timer.name)}</span>`
        : `<span class="muted">${t('none')}</span>`;
      return (
        `<tr data-id="${esc(tk.id)}" class="${s.level} ${state.fresh.has(tk.id) ? 'fresh' : ''}"><td class="sla">${sla}</td><td>${esc(tk.number)}</td><td><span class="pri ${esc(tk.priority)}">${esc(tk.priority)}</span></td>` +
        `<td class="subject">${esc(tk.subject)}</td><td>${esc(groupName(tk.group))}</td><td>${esc(tk.assignee ?? '—')}</td><td>${esc(tk.status)}</td><td>${esc(tk.customer?.name ?? tk.customer?.id)}</td><td>${fmtAge(now - Date.parse(tk.createdAt))}</td></tr>`
      );
    })
    .join('');
  state.fresh.clear();
};

/** Unfinished tasks, soonest due first: overdue (came due, or past due) in red, the next hour amber. */
export const renderTasks = (now) => {
  const rows = [];
  for (const { ticket, tasks } of state.tasks.values()) {
    if (!inGroup(ticket)) continue;
    for (const task of tasks) rows.push({ ticket, task, due: Date.parse(task.dueAt) });
  }
  rows.sort((a, b) => a.due - b.due || a.task.id.localeCompare(b.task.id));
  const overdue = (r) => r.task.state === 'due' || now >= r.due;
  $('k-tasks-overdue').textContent = rows.filter(overdue).length;
  const shown = rows.slice(0, 50);
  $('task-count').textContent =
    t('tasks.count', { n: rows.length }) + (rows.length > shown.length ? t('tasks.shown', { n: shown.length }) : '');
  $('tasks').tBodies[0].innerHTML = shown
    .map((r) => {
      const late = overdue(r);
      const level = late ? 'overdue' : r.due - now < 3600e3 ? 'soon' : '';
      const when = late ? t('tasks.overdue', { age: fmtAge(Math.max(0, now - r.due)) }) : fmtLeft(r.due - now);
      const owner = r.task.assignee ?? (r.task.group ? groupName(r.task.group) : '—');
      return (
        `<tr data-task="${esc(r.task.id)}" data-ticket="${esc(r.ticket.id)}" class="${level}"><td class="due">${esc(when)}</td><td>${esc(r.task.name)}</td>` +
        `<td>${esc(r.ticket.number)}</td><td class="subject">${esc(r.ticket.subject)}</td><td>${esc(owner)}</td><td>${esc(r.ticket.status)}</td></tr>`
      );
    })
    .join('');
};
