import { DAY_MINUTES, DAY_MS, MINUTE_MS, weekdayIndex, type MinuteSpan } from './clock-time.ts';
import { touchesSpecialDay, type CalendarRules } from './calendar-rules.ts';
import type { ZoneOffsets } from '../../util/zone-offsets.ts';

/** A half-open span of instants [start, end), epoch ms. */
export interface Span {
  start: number;
  end: number;
}

/**
 * The calendar's open time cut at local midnights. A day's window is the open time between its
 * midnight and the next, whichever day's period it belongs to, so overnight and overlapping
 * periods are merged once here and the walks never look back a day. Cutting at midnight leaves
 * the arithmetic unchanged: where a span ends at midnight and the next begins there, "end moves
 * to the next start" lands on the same instant.
 */
export interface DayWindows {
  /** The instant a local date begins (a skipped midnight begins when the clock resumes). */
  dayStart(day: number): number;
  /** The local date whose window holds the instant. */
  dayOf(instant: number): number;
  /** Open spans within [dayStart(day), dayStart(day + 1)), sorted and disjoint. */
  window(day: number): readonly Span[];
  /** True when some open period starts on the date, after holidays, overrides and breaks. */
  hasOpenPeriods(day: number): boolean;
  /** True when days [day, day + 7) hold exactly the weekly hours' `weekMinutes`. */
  isRegularWeek(day: number): boolean;
}

const MAX_MEMO = 4096;

export function createDayWindows(rules: CalendarRules, zone: ZoneOffsets): DayWindows {
  // Memos of pure functions of the day, bounded so a long-running process does not grow.
  const windows = new Map<number, readonly Span[]>();
  const dayStart = (day: number): number => zone.toInstant(day * DAY_MS);

  /** Periods that start on the date, as instants; a holiday drops them all. */
  function periodsStarting(day: number): Span[] {
    if (rules.holidays.has(day)) return [];
    const spans = rules.overrides.get(day) ?? rules.weekly[weekdayIndex(day)] ?? [];
    return spans.map((s) => toSpan(day, s)).filter((s) => s.end > s.start);
  }

  function toSpan(day: number, span: MinuteSpan): Span {
    const base = day * DAY_MINUTES;
    return {
      start: zone.toInstant((base + span.start) * MINUTE_MS),
      end: zone.toInstant((base + span.end) * MINUTE_MS),
    };
  }

  function breaksOn(day: number): Span[] {
    return (rules.breaks.get(day) ?? []).map((s) => toSpan(day, s));
  }

  function window(day: number): readonly Span[] {
    const known = windows.get(day);
    if (known) return known;
    const from = dayStart(day);
    const to = dayStart(day + 1);
    const clipped = [...periodsStarting(day - 1), ...periodsStarting(day)]
      .map((s) => ({ start: Math.max(s.start, from), end: Math.min(s.end, to) }))
      .filter((s) => s.end > s.start);
    const result = subtract(merge(clipped), breaksOn(day));
    if (windows.size >= MAX_MEMO) windows.clear();
    windows.set(day, result);
    return result;
  }

  function dayOf(instant: number): number {
    let day = Math.floor(zone.toWall(instant) / DAY_MS);
    // Only a backward change across midnight puts an instant's wall date outside its window.
    while (dayStart(day + 1) <= instant) day++;
    while (dayStart(day) > instant) day--;
    return day;
  }

  return {
    dayStart,
    dayOf,
    window,
    hasOpenPeriods: (day) => subtract(merge(periodsStarting(day)), [...breaksOn(day), ...breaksOn(day + 1)]).length > 0,
    isRegularWeek: (day) =>
      !touchesSpecialDay(rules, day - 1, day + 6) &&
      !zone.changesWithin(dayStart(day - 1) - DAY_MS, dayStart(day + 7) + DAY_MS),
  };
}

function merge(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

function subtract(spans: Span[], cuts: readonly Span[]): Span[] {
  let rest = spans;
  for (const cut of cuts) {
    rest = rest.flatMap((s) => {
      if (cut.end <= s.start || cut.start >= s.end) return [s];
      const pieces: Span[] = [];
      if (cut.start > s.start) pieces.push({ start: s.start, end: cut.start });
      if (cut.end < s.end) pieces.push({ start: cut.end, end: s.end });
      return pieces;
    });
  }
  return rest;
}
