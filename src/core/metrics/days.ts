import { DateTime } from 'luxon';
import { SwitchboardError } from '../errors/index.ts';
import { isoDay, wallDate } from '../util/local-time.ts';

/** Local calendar days ("YYYY-MM-DD") of instants in one time zone. */
export type DayKeyer = (ms: number) => string;

const slotMs = 15 * 60_000;

/**
 * Time-zone offsets change on quarter-hour boundaries, so every instant of one quarter hour
 * shares a local day: cache per slot (a bulk rebuild of a million tickets converts ~35k times).
 */
export function createDayKeyer(timezone: string): DayKeyer {
  const cache = new Map<number, string>();
  return (ms) => {
    const slot = Math.floor(ms / slotMs);
    let day = cache.get(slot);
    if (day === undefined) {
      day = isoDay(wallDate(slot * slotMs, timezone));
      if (cache.size > 500_000) cache.clear();
      cache.set(slot, day);
    }
    return day;
  };
}

/** Local hours (0–23) of instants in one time zone, cached per quarter hour like the days. */
export function createHourKeyer(timezone: string): (ms: number) => number {
  const cache = new Map<number, number>();
  return (ms) => {
    const slot = Math.floor(ms / slotMs);
    let hour = cache.get(slot);
    if (hour === undefined) {
      hour = wallDate(slot * slotMs, timezone).getUTCHours();
      if (cache.size > 500_000) cache.clear();
      cache.set(slot, hour);
    }
    return hour;
  };
}

const dayMs = 86_400_000;
const midnight = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOfMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A real calendar day written YYYY-MM-DD (2026-02-31 is not one, though Date.parse rolls it over). */
export const isDay = (s: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) && Number.isFinite(midnight(s)) && dayOfMs(midnight(s)) === s;

export function addDays(day: string, n: number): string {
  return dayOfMs(midnight(day) + n * dayMs);
}

/** The most days one iteration walks (ten years and a leap day or three): windows are checked before. */
export const maxIteratedDays = 3661;

/**
 * Every day from `from` to `to`, both included. Counted on instants, not by comparing strings
 * (`'+010000-01'` sorts before `'9999-12-31'`), and never more than maxIteratedDays.
 */
export function daysFrom(from: string, to: string): string[] {
  const start = midnight(from);
  const end = midnight(to);
  if (!Number.isFinite(start) || !Number.isFinite(end))
    throw new SwitchboardError('SWB_METRICS_QUERY', `${from}..${to} is not a range of days (YYYY-MM-DD)`);
  const count = Math.floor((end - start) / dayMs) + 1;
  if (count > maxIteratedDays)
    throw new SwitchboardError(
      'SWB_METRICS_QUERY',
      `the window ${from}..${to} is longer than ${maxIteratedDays} days; narrow it`,
    );
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(dayOfMs(start + i * dayMs));
  return out;
}

/** The instant a local day starts in a time zone. */
export function dayStart(day: string, timezone: string): number {
  return DateTime.fromISO(day, { zone: timezone }).toMillis();
}
