import { DateTime } from 'luxon';
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

export const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included. */
export function daysFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The instant a local day starts in a time zone. */
export function dayStart(day: string, timezone: string): number {
  return DateTime.fromISO(day, { zone: timezone }).toMillis();
}
