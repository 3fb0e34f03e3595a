import type { BusinessCalendar, CompiledSla } from '../policy/types.ts';
import type { SlaTimer } from '../model/ticket.ts';

/** The last instant written: a ticket's timers start at one instant, written once. */
let lastMs = Number.NaN;
let lastIso = '';
const iso = (ms: number) => {
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastIso;
};

/** A running timer: due = start + target in business time; warnings at the SLA's stages. */
export function startTimer(sla: CompiledSla, targetMs: number, startMs: number): SlaTimer {
  const due = sla.calendar.add(startMs, targetMs);
  return {
    targetMs,
    startedAt: iso(startMs),
    dueAt: iso(due),
    warnAt: warningInstants(sla, targetMs, startMs, due),
    state: 'running',
  };
}

export function warningInstants(sla: CompiledSla, targetMs: number, startMs: number, dueMs: number): string[] {
  const cal = sla.calendar;
  const at = new Set<number>();
  for (const w of sla.warnings) {
    if (w.fraction !== undefined) at.add(cal.add(startMs, Math.round(targetMs * w.fraction)));
    else if (w.before !== undefined && w.before < targetMs) at.add(cal.subtract(dueMs, w.before));
  }
  return [...at]
    .filter((t) => t > startMs && t < dueMs)
    .sort((a, b) => a - b)
    .map(iso);
}

/** Stops the clock: remembers the business time left, records the pause instant. */
export function pauseTimer(timer: SlaTimer, cal: BusinessCalendar, nowMs: number): SlaTimer {
  if (timer.state !== 'running') return timer;
  // Already overdue (the scheduler may not have fired yet): the breach stands; pausing must
  // not hand the overdue time back.
  if (nowMs > Date.parse(timer.dueAt)) return { ...timer, state: 'breached', breachedAt: timer.dueAt };
  return {
    ...timer,
    state: 'paused',
    remainingMs: Math.max(0, cal.between(nowMs, Date.parse(timer.dueAt))),
    pauses: [...(timer.pauses ?? []), { from: iso(nowMs) }],
  };
}

/** Restarts the clock: the new due time keeps the business time that was left. */
export function resumeTimer(timer: SlaTimer, sla: CompiledSla, nowMs: number): SlaTimer {
  if (timer.state !== 'paused') return timer;
  const remaining = timer.remainingMs ?? 0;
  const due = sla.calendar.add(nowMs, remaining);
  const pauses = [...(timer.pauses ?? [])];
  const last = pauses[pauses.length - 1];
  if (last && last.to === undefined) pauses[pauses.length - 1] = { ...last, to: iso(nowMs) };
  const elapsedTarget = timer.targetMs - remaining;
  const virtualStart = sla.calendar.subtract(nowMs, elapsedTarget);
  const { remainingMs: _drop, ...rest } = timer;
  return {
    ...rest,
    state: 'running',
    dueAt: iso(due),
    warnAt: warningInstants(sla, timer.targetMs, virtualStart, due).filter((w) => Date.parse(w) > nowMs),
    pauses,
  };
}

/**
 * The clock's goal was reached: met if on time, breached if late. With a calendar, a met
 * timer keeps the business time it had left (`remainingMs`) so a reopen can resume it.
 */
export function completeTimer(timer: SlaTimer, nowMs: number, cal?: BusinessCalendar): SlaTimer {
  if (timer.state === 'met' || timer.state === 'cancelled') return timer;
  if (timer.state === 'breached') return { ...timer, metAt: iso(nowMs) };
  // A paused clock stopped at its last pause: dueAt is stale then, so judge by the pause start.
  const open = timer.pauses?.[timer.pauses.length - 1];
  const pausedAt = timer.state === 'paused' && open && open.to === undefined ? Date.parse(open.from) : undefined;
  const late = (pausedAt ?? nowMs) > Date.parse(timer.dueAt);
  const left =
    timer.state === 'paused'
      ? (timer.remainingMs ?? 0)
      : cal
        ? Math.max(0, cal.between(nowMs, Date.parse(timer.dueAt)))
        : undefined;
  const { remainingMs: _drop, ...rest } = timer;
  const pauses = closePauses(timer.pauses, nowMs);
  return late
    ? { ...rest, ...(pauses ? { pauses } : {}), state: 'breached', breachedAt: timer.dueAt, metAt: iso(nowMs) }
    : {
        ...rest,
        ...(pauses ? { pauses } : {}),
        state: 'met',
        metAt: iso(nowMs),
        ...(left !== undefined ? { remainingMs: left } : {}),
      };
}

/**
 * The ticket was resolved before this clock's goal (a first or next response) was reached: the
 * wait it measured is over without a response, so it stops as `stopped`, neither met nor
 * breached, keeping the business time it had left (a reopen resumes it, see reopenTimer). A
 * deadline that had already passed stands (`breached`, as the scheduler would have marked it), and
 * `stoppedAt` ends its escalation ladder. Met, stopped and cancelled clocks stay as they are.
 */
export function stopTimer(timer: SlaTimer, nowMs: number, cal: BusinessCalendar): SlaTimer {
  if (timer.state === 'met' || timer.state === 'cancelled' || timer.state === 'stopped') return timer;
  if (timer.state === 'breached') return timer.metAt || timer.stoppedAt ? timer : { ...timer, stoppedAt: iso(nowMs) };
  const open = timer.pauses?.[timer.pauses.length - 1];
  const pausedAt = timer.state === 'paused' && open && open.to === undefined ? Date.parse(open.from) : undefined;
  const { remainingMs: _drop, ...rest } = timer;
  const pauses = closePauses(timer.pauses, nowMs);
  const stopped = { ...rest, ...(pauses ? { pauses } : {}), stoppedAt: iso(nowMs) };
  if ((pausedAt ?? nowMs) > Date.parse(timer.dueAt)) return { ...stopped, state: 'breached', breachedAt: timer.dueAt };
  const left =
    timer.state === 'paused' ? (timer.remainingMs ?? 0) : Math.max(0, cal.between(nowMs, Date.parse(timer.dueAt)));
  return { ...stopped, state: 'stopped', remainingMs: left };
}

/** The clock no longer applies (e.g. pending confirmation when the customer writes back). */
export function cancelTimer(timer: SlaTimer, nowMs: number): SlaTimer {
  if (timer.state === 'met' || timer.state === 'cancelled' || timer.state === 'breached') return timer;
  const { remainingMs: _drop, ...rest } = timer;
  const pauses = closePauses(timer.pauses, nowMs);
  return { ...rest, ...(pauses ? { pauses } : {}), state: 'cancelled', metAt: iso(nowMs) };
}

/**
 * Reopen of a resolved ticket, for the resolution clock (met when resolved) and a first or next
 * response clock the resolution stopped. `resume` (default): the clock continues with the
 * business time it had left when resolved; the resolved span is recorded as a pause, so a
 * reopened ticket never escalates instantly for time it spent resolved. `restart`: a full new
 * target from now. A timer breached before it was resolved stays breached (it escalated then).
 */
export function reopenTimer(timer: SlaTimer, sla: CompiledSla, nowMs: number, mode: 'resume' | 'restart'): SlaTimer {
  if (timer.state !== 'met' && timer.state !== 'stopped') return timer;
  if (mode === 'restart')
    return { ...startTimer(sla, timer.targetMs, nowMs), ...(timer.pauses ? { pauses: timer.pauses } : {}) };
  const { metAt, stoppedAt, ...rest } = timer;
  const paused: SlaTimer = {
    ...rest,
    state: 'paused',
    remainingMs: timer.remainingMs ?? 0,
    pauses: [...(timer.pauses ?? []), { from: metAt ?? stoppedAt ?? iso(nowMs), reason: 'resolved' }],
  };
  return resumeTimer(paused, sla, nowMs);
}

/**
 * Recompute after priority, channel, group, calendar or SLA policy changed: the business time
 * already elapsed (measured on the old calendar) is kept, and the new target's remainder is laid
 * out on the new calendar from now. Timers that are met, breached or cancelled are history and
 * stay as they are; a running timer whose elapsed time already exceeds the new target becomes
 * due in the past, so the scheduler breaches it at once.
 */
export function recomputeTimer(
  timer: SlaTimer,
  oldCal: BusinessCalendar,
  sla: CompiledSla,
  newTargetMs: number,
  nowMs: number,
): SlaTimer {
  if (timer.state !== 'running' && timer.state !== 'paused') return timer;
  const remaining =
    timer.state === 'paused' ? (timer.remainingMs ?? 0) : oldCal.between(nowMs, Date.parse(timer.dueAt));
  const elapsed = Math.max(0, timer.targetMs - remaining);
  const left = newTargetMs - elapsed;
  if (timer.state === 'paused') return { ...timer, targetMs: newTargetMs, remainingMs: Math.max(0, left) };
  const cal = sla.calendar;
  const due = left >= 0 ? cal.add(nowMs, left) : cal.subtract(nowMs, -left);
  const virtualStart = cal.subtract(nowMs, elapsed);
  return {
    ...timer,
    targetMs: newTargetMs,
    dueAt: iso(due),
    warnAt: warningInstants(sla, newTargetMs, virtualStart, due).filter((w) => Date.parse(w) > nowMs),
  };
}

function closePauses(pauses: SlaTimer['pauses'], nowMs: number): SlaTimer['pauses'] {
  const last = pauses?.[pauses.length - 1];
  if (!pauses || !last || last.to !== undefined) return pauses;
  return [...pauses.slice(0, -1), { ...last, to: iso(nowMs) }];
}
