import type { CompiledSla, Policy, TimerKind } from '../policy/types.ts';
import { timerKinds } from '../policy/types.ts';
import type { PendingEvent } from '../tickets/events.ts';
import { firstStatusOfKind, statusKind } from '../tickets/lifecycle.ts';
import type { SlaTimer, Ticket, TicketTask } from '../model/ticket.ts';
import { baseTaskId, nextTaskId } from '../tasks/task-ids.ts';
import { runActions } from './sla-actions.ts';
import { slaOf } from '../sla/ticket-clocks.ts';

export interface StepResult {
  ticket: Ticket;
  events: PendingEvent[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The pure SLA step: everything on this ticket that came due by `nowMs` — warnings, breaches,
 * escalation-ladder steps, pending-confirmation expiry, workflow tasks. Returns the same ticket
 * object when nothing was due. Events whose instant lies before `lateBefore` (the scheduler's
 * start) are marked `late: true`: they came due while the process was down.
 */
export function advanceSla(ticket: Ticket, policy: Policy, nowMs: number, lateBefore = -Infinity): StepResult {
  if (statusKind(policy, ticket.status) === 'closed') {
    // a closed ticket's clocks are over; only tasks meant for after the close still come due
    const events: PendingEvent[] = [];
    return { ticket: advanceTasks(ticket, nowMs, lateBefore, events, comesDueAfterClose), events };
  }
  // A ticket whose SLA was since removed from the policy keeps the deadlines it was given: its
  // running clocks still warn and breach (only the escalation ladder needs the definition).
  const sla = slaOf(policy, ticket);
  let t = ticket;
  const events: PendingEvent[] = [];
  for (const kind of timerKinds) t = advanceTimer(t, kind, sla, policy, nowMs, lateBefore, events);
  t = advanceTasks(t, nowMs, lateBefore, events);
  return { ticket: t, events };
}

function advanceTimer(
  ticket: Ticket,
  kind: TimerKind,
  sla: CompiledSla | undefined,
  policy: Policy,
  nowMs: number,
  lateBefore: number,
  events: PendingEvent[],
): Ticket {
  let timer = ticket.sla[kind];
  if (!timer) return ticket;
  let t = ticket;
  const put = (next: SlaTimer) => {
    timer = next;
    t = { ...t, sla: { ...t.sla, [kind]: next } };
  };
  if (timer.state === 'running') {
    const due = Date.parse(timer.dueAt);
    // warnAt stays the full schedule (dashboards read it); `warned` records what has fired.
    const done = new Set(timer.warned ?? []);
    const fired = timer.warnAt.filter((w) => Date.parse(w) <= nowMs && Date.parse(w) < due && !done.has(w));
    if (fired.length > 0) {
      put({ ...timer, warned: [...(timer.warned ?? []), ...fired] });
      // Only the latest stage is announced when several passed at once (e.g. after downtime).
      const last = fired[fired.length - 1] as string;
      if (due > nowMs)
        events.push({
          type: 'sla.warning',
          data: { ticket: t, timer: kind, dueAt: timer.dueAt, warnAt: last, late: Date.parse(last) < lateBefore },
        });
    }
    if (due <= nowMs) {
      put({ ...timer, state: 'breached', breachedAt: timer.dueAt });
      events.push({
        type: 'sla.breached',
        data: { ticket: t, timer: kind, dueAt: timer.dueAt, late: due < lateBefore },
      });
      if (kind === 'pendingConfirmation' && (sla?.def.onConfirmationExpiry ?? 'close') === 'close') {
        const closed = runActions(t, policy, [{ 'set-status': firstStatusOfKind(policy, 'closed') }], nowMs);
        events.push(...closed.events);
        return closed.ticket;
      }
    }
  }
  // answered late, or stopped by the resolution: the ladder has nothing left to chase
  if (!sla || timer.state !== 'breached' || timer.metAt !== undefined || timer.stoppedAt !== undefined) return t;
  if (kind === 'pendingConfirmation' && (sla?.def.onConfirmationExpiry ?? 'close') === 'close') return t;
  const breachedAt = Date.parse(timer.breachedAt ?? timer.dueAt);
  for (let level = timer.escalations ?? 0; level < sla.ladder.length; level++) {
    const step = sla.ladder[level]!;
    const at = breachedAt + step.afterMs;
    if (at > nowMs) break;
    put({ ...timer, escalations: level + 1 });
    if (!step.timers.has(kind)) continue;
    const r = runActions(t, policy, step.do, nowMs);
    t = r.ticket;
    timer = t.sla[kind] as SlaTimer;
    events.push(...r.events);
    events.push({
      type: 'ticket.escalated',
      data: {
        ticket: t,
        timer: kind,
        level: level + 1,
        actions: r.done,
        recipients: r.recipients,
        late: at < lateBefore,
      },
    });
  }
  return t;
}

/** A task that still comes due on a closed ticket. */
export const comesDueAfterClose = (task: TicketTask): boolean => task.afterClose === true;

/**
 * Open tasks whose time came become `due` with `task.due`; finished ones never do. A repeating
 * task (periodic touch) puts its next occurrence after now (`<id>~2`, ...), skipping missed ones,
 * unless it already came due once and was snoozed (its next occurrence exists then).
 */
function advanceTasks(
  ticket: Ticket,
  nowMs: number,
  lateBefore: number,
  events: PendingEvent[],
  steps: (task: TicketTask) => boolean = () => true,
): Ticket {
  const comesDue = (k: TicketTask) => k.state === 'open' && Date.parse(k.dueAt) <= nowMs && steps(k);
  if (!ticket.tasks?.some(comesDue)) return ticket;
  const tasks: TicketTask[] = [];
  const later: TicketTask[] = [];
  for (const k of ticket.tasks) {
    if (!comesDue(k)) {
      tasks.push(k);
      continue;
    }
    const due = { ...k, state: 'due' as const, firedAt: iso(nowMs) };
    events.push({ type: 'task.due', data: { ticket, task: due, late: Date.parse(k.dueAt) < lateBefore } });
    tasks.push(due);
    if (!k.repeatMs || k.firedAt !== undefined) continue;
    let next = Date.parse(k.dueAt) + k.repeatMs;
    if (next < nowMs) next += Math.ceil((nowMs - next) / k.repeatMs) * k.repeatMs;
    const { firedAt: _f, rescheduledAt: _r, ...rest } = k;
    later.push({ ...rest, dueAt: iso(next) });
  }
  for (const k of later) tasks.push({ ...k, id: nextTaskId([...tasks, ...later], baseTaskId(k.id)) });
  return { ...ticket, tasks };
}

/** The next instant at which advanceSla has something to do (undefined: nothing pending). */
export function nextSlaInstant(ticket: Ticket, policy: Policy): number | undefined {
  if (statusKind(policy, ticket.status) === 'closed') {
    let next = Infinity;
    for (const k of ticket.tasks ?? [])
      if (k.state === 'open' && comesDueAfterClose(k)) next = Math.min(next, Date.parse(k.dueAt));
    return Number.isFinite(next) ? next : undefined;
  }
  let next = Infinity;
  const sla = slaOf(policy, ticket);
  for (const kind of timerKinds) {
    const timer = ticket.sla[kind];
    if (!timer) continue;
    if (timer.state === 'running') {
      next = Math.min(next, Date.parse(timer.dueAt));
      const warned = timer.warned;
      const pending = timer.warnAt.find((w) => !warned?.includes(w));
      if (pending) next = Math.min(next, Date.parse(pending));
    } else if (timer.state === 'breached' && timer.metAt === undefined && timer.stoppedAt === undefined && sla) {
      const step = sla.ladder[timer.escalations ?? 0];
      if (step) next = Math.min(next, Date.parse(timer.breachedAt ?? timer.dueAt) + step.afterMs);
    }
  }
  for (const k of ticket.tasks ?? []) if (k.state === 'open') next = Math.min(next, Date.parse(k.dueAt));
  return Number.isFinite(next) ? next : undefined;
}
