import type { CalendarDef } from '../../policy/types.ts';
import { DAY_MINUTES, WEEKDAYS, parseDate, parseInterval, parseTimeOfDay, type MinuteSpan } from './clock-time.ts';

/**
 * A checked CalendarDef turned into lookups by epoch day. Everything here is wall-clock
 * minutes; turning them into instants is the job of the day windows, which know the zone.
 */
export interface CalendarRules {
  /** Opening spans per weekday (Monday = 0), sorted by start. */
  weekly: readonly (readonly MinuteSpan[])[];
  holidays: ReadonlySet<number>;
  overrides: ReadonlyMap<number, readonly MinuteSpan[]>;
  breaks: ReadonlyMap<number, readonly MinuteSpan[]>;
  /** Every day a holiday, override or break touches, ascending: a week without them is regular. */
  specialDays: readonly number[];
  /** Business minutes in a week of weekly hours alone, counting overlaps once. */
  weekMinutes: number;
}

export function compileCalendarRules(def: CalendarDef): CalendarRules {
  const weekly = WEEKDAYS.map((day) => spans(def.hours?.[day]));
  const holidays = new Set((def.holidays ?? []).map((d) => parseDate(d) as number));
  const overrides = new Map((def.overrides ?? []).map((o) => [parseDate(o.date) as number, spans(o.hours)] as const));
  const breaks = new Map<number, MinuteSpan[]>();
  for (const b of def.breaks ?? []) {
    const day = parseDate(b.date) as number;
    const list = breaks.get(day) ?? [];
    list.push({ start: parseTimeOfDay(b.from, false) as number, end: parseTimeOfDay(b.to, true) as number });
    breaks.set(day, list);
  }
  const specialDays = [...new Set([...holidays, ...overrides.keys(), ...breaks.keys()])].sort((a, b) => a - b);
  return { weekly, holidays, overrides, breaks, specialDays, weekMinutes: weekMinutes(weekly) };
}

function spans(list: readonly string[] | undefined): MinuteSpan[] {
  return (list ?? []).map((text) => parseInterval(text) as MinuteSpan).sort((a, b) => a.start - b.start);
}

/**
 * Lays the weekly spans on a 7-day circle (Sunday's overnight span wraps into Monday) and
 * measures their union, so overlapping or adjacent spans are not counted twice.
 */
function weekMinutes(weekly: readonly (readonly MinuteSpan[])[]): number {
  const week = 7 * DAY_MINUTES;
  const pieces: MinuteSpan[] = [];
  weekly.forEach((list, index) => {
    for (const span of list) {
      const start = index * DAY_MINUTES + span.start;
      const end = index * DAY_MINUTES + span.end;
      if (end <= week) pieces.push({ start, end });
      else pieces.push({ start, end: week }, { start: 0, end: end - week });
    }
  });
  return unionLength(pieces);
}

export function unionLength(pieces: readonly MinuteSpan[]): number {
  const sorted = [...pieces].sort((a, b) => a.start - b.start);
  let total = 0;
  let reach = -Infinity;
  for (const { start, end } of sorted) {
    if (end <= reach) continue;
    total += end - Math.max(start, reach);
    reach = end;
  }
  return total;
}

/** True when any special day lies in [from, to]. */
export function touchesSpecialDay(rules: CalendarRules, from: number, to: number): boolean {
  const days = rules.specialDays;
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((days[mid] as number) < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < days.length && (days[lo] as number) <= to;
}
