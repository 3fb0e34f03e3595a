import type { BusinessCalendar } from '../../policy/types.ts';
import { DAY_MS, formatDate } from './clock-time.ts';
import { createZoneOffsets } from '../../util/zone-offsets.ts';

/** Consecutive dates without open hours after which stepping gives up. */
const MAX_CLOSED_DATES = 36_600;

/**
 * `n` business days after `from` (biz's day calculation): step over n later local dates that
 * have open hours, keep the wall-clock time, then take the first open moment at or after it.
 * n = 0 is the first open moment at or after `from`; a negative n counts backward.
 */
export function addBusinessDays(cal: BusinessCalendar, from: number, n: number): number {
  checkCount(n);
  if (n < 0) return subtractBusinessDays(cal, from, -n);
  if (n === 0) return cal.add(from, 0);
  return cal.add(stepDates(cal, from, n, 1), 0);
}

/**
 * `n` business days before `from`: step over n earlier local dates that have open hours, keep
 * the wall-clock time, then take the last open moment at or before it: the stepped instant
 * itself when open (an opening included), else the previous close.
 */
export function subtractBusinessDays(cal: BusinessCalendar, from: number, n: number): number {
  checkCount(n);
  if (n < 0) return addBusinessDays(cal, from, -n);
  return lastOpenAtOrBefore(cal, n === 0 ? from : stepDates(cal, from, n, -1));
}

/**
 * Zero business time backward from an opening is the previous close (biz's convention for
 * durations), which on a calendar whose days end at 24:00 is midnight of a closed date; a date
 * step wants the opening itself, so an open instant is kept as it is.
 */
function lastOpenAtOrBefore(cal: BusinessCalendar, at: number): number {
  return cal.isOpen(at) ? at : cal.subtract(at, 0);
}

/** The instant with `from`'s wall-clock time on the n-th business date in `direction`. */
function stepDates(cal: BusinessCalendar, from: number, n: number, direction: 1 | -1): number {
  const zone = createZoneOffsets(cal.timezone);
  const wall = zone.toWall(from);
  let day = Math.floor(wall / DAY_MS);
  const timeOfDay = wall - day * DAY_MS;
  for (let found = 0, closed = 0; found < n; ) {
    day += direction;
    if (cal.isBusinessDate(formatDate(day))) {
      found++;
      closed = 0;
    } else if (++closed > MAX_CLOSED_DATES) {
      throw new Error(
        `calendar "${cal.id}" has no business dates within ${MAX_CLOSED_DATES} days of ${formatDate(day)}`,
      );
    }
  }
  return zone.toInstant(day * DAY_MS + timeOfDay);
}

function checkCount(n: number): void {
  if (!Number.isSafeInteger(n)) throw new Error(`business days must be a whole number, got ${n}`);
}
