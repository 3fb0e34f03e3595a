/**
 * Wall-clock notation of calendar files: "HH:MM" times, "HH:MM-HH:MM" intervals and
 * "YYYY-MM-DD" dates. Dates become epoch days (days since 1970-01-01) so the calendar can do
 * date arithmetic with plain integers instead of building a DateTime per step.
 */

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;
export const DAY_MINUTES = 1440;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Minutes from local midnight; `end` exceeds 1440 for overnight spans (22:00-06:00 → 1320..1800). */
export interface MinuteSpan {
  start: number;
  end: number;
}

const timePattern = /^(\d{2}):(\d{2})$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * "HH:MM" to minutes after midnight. `24:00` is accepted only where `allowEndOfDay` says so,
 * because it names the end of a day, never a start.
 */
export function parseTimeOfDay(text: string, allowEndOfDay: boolean): number | undefined {
  const m = timePattern.exec(text.trim());
  if (!m) return undefined;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (hours === 24 && minutes === 0 && allowEndOfDay) return DAY_MINUTES;
  if (hours > 23 || minutes > 59) return undefined;
  return hours * 60 + minutes;
}

/** Parses "HH:MM-HH:MM"; an end before the start runs past midnight into the next day. */
export function parseInterval(text: string): MinuteSpan | { error: string } {
  const parts = text.split('-');
  if (parts.length !== 2) return { error: `"${text}" is not an interval; write "HH:MM-HH:MM", e.g. "09:00-17:00"` };
  const start = parseTimeOfDay(parts[0] as string, false);
  const end = parseTimeOfDay(parts[1] as string, true);
  if (start === undefined || end === undefined) {
    return { error: `"${text}" is not an interval; write "HH:MM-HH:MM" with 00:00-23:59 (24:00 only as an end)` };
  }
  if (start === end) return { error: `"${text}" is empty; write "00:00-24:00" for a whole day` };
  return end > start ? { start, end } : { start, end: end + DAY_MINUTES };
}

/** "2026-10-01" to its epoch day; undefined for malformed or impossible dates (2026-02-30). */
export function parseDate(text: string): number | undefined {
  const m = datePattern.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    return undefined;
  }
  return ms / DAY_MS;
}

export function formatDate(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

/** Index into WEEKDAYS (Monday = 0); epoch day 0 was a Thursday. */
export function weekdayIndex(epochDay: number): number {
  return (((epochDay + 3) % 7) + 7) % 7;
}
