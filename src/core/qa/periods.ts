import { DateTime } from 'luxon';
import { SwitchboardError } from '../errors/index.ts';

/** A sampling period: one local day of resolution in the policy time zone. */
export interface Period {
  id: string;
  from: string;
  to: string;
  fromMs: number;
  toMs: number;
}

export function periodOf(day: string, timezone: string): Period {
  const start = DateTime.fromISO(day, { zone: timezone });
  if (!start.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(day)) {
    throw new SwitchboardError('SWB_API_VALIDATION', `"${day}" is not a day: write it as YYYY-MM-DD, e.g. 2026-11-23`, {
      path: '/from',
    });
  }
  const end = start.plus({ days: 1 });
  return {
    id: day,
    from: start.toUTC().toISO()!,
    to: end.toUTC().toISO()!,
    fromMs: start.toMillis(),
    toMs: end.toMillis(),
  };
}

/** The local day (YYYY-MM-DD) of an instant. */
export function dayOf(at: Date | number, timezone: string): string {
  return DateTime.fromMillis(typeof at === 'number' ? at : at.getTime(), { zone: timezone }).toISODate()!;
}

/** Every day from `from` to `to`, both included (at most `limit`). */
export function daysBetween(from: string, to: string, limit = 366): string[] {
  const out: string[] = [];
  let d = DateTime.fromISO(from, { zone: 'UTC' });
  const end = DateTime.fromISO(to, { zone: 'UTC' });
  if (!d.isValid || !end.isValid)
    throw new SwitchboardError('SWB_API_VALIDATION', `from "${from}" and to "${to}" must be days like 2026-11-23`, {
      path: '/from',
    });
  if (end < d) throw new SwitchboardError('SWB_API_VALIDATION', `to (${to}) is before from (${from})`, { path: '/to' });
  while (d <= end) {
    if (out.length >= limit)
      throw new SwitchboardError('SWB_API_VALIDATION', `at most ${limit} days at once; sample a shorter range`, {
        path: '/to',
      });
    out.push(d.toISODate()!);
    d = d.plus({ days: 1 });
  }
  return out;
}

export function previousDay(day: string): string {
  return DateTime.fromISO(day, { zone: 'UTC' }).minus({ days: 1 }).toISODate()!;
}

export function nextDay(day: string): string {
  return DateTime.fromISO(day, { zone: 'UTC' }).plus({ days: 1 }).toISODate()!;
}
