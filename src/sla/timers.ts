import type { BusinessCalendar, CompiledSla } from '../config/types.ts';
import type { SlaTimer } from '../tickets/types.ts';

const iso = (ms: number) => new Date(ms).toISOString();

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
  return [...at].filter((t) => t > startMs && t < dueMs).sort((a, b) => a - b).map(iso);
}

/** Stops the clock: remembers the business time left, records the pause instant. */
export function pauseTimer(timer: SlaTimer, cal: BusinessCalendar, nowMs: number): SlaTimer {
  if (timer.state !== 'running') return timer;
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

/** The clock's goal was reached: met if on time, breached if late. */
export function completeTimer(timer: SlaTimer, nowMs: number): SlaTimer {
  if (timer.state === 'met' || timer.state === 'cancelled') return timer;
  if (timer.state === 'breached') return { ...timer, metAt: iso(nowMs) };
  // A paused clock stopped at its last pause: dueAt is stale then, so judge by the pause start.
  const pauses = [...(timer.pauses ?? [])];
  const open = pauses[pauses.length - 1];
  const pausedAt = timer.state === 'paused' && open && open.to === undefined ? Date.parse(open.from) : undefined;
  if (pausedAt !== undefined && open) pauses[pauses.length - 1] = { ...open, to: iso(nowMs) };
  const late = (pausedAt ?? nowMs) > Date.parse(timer.dueAt);
  const { remainingMs: _drop, ...rest } = timer;
  if (pausedAt !== undefined) rest.pauses = pauses;
  return late
    ? { ...rest, state: 'breached', breachedAt: timer.dueAt, metAt: iso(nowMs) }
    : { ...rest, state: 'met', metAt: iso(nowMs) };
}
