import type { BusinessCalendar, CalendarDef } from '../../policy/types.ts';
import { DAY_MS, MINUTE_MS, parseDate } from './clock-time.ts';
import { compileCalendarRules } from './calendar-rules.ts';
import { checkCalendarDef } from './check-calendar-def.ts';
import { createDayWindows, type DayWindows } from './day-windows.ts';
import { createZoneOffsets } from '../../util/zone-offsets.ts';

/** Consecutive closed days after which a walk gives up instead of searching forever. */
const MAX_CLOSED_DAYS = 36_600;

/**
 * Business-time arithmetic with the conventions of zendesk/biz 1.8.2 (which Zammad uses):
 * periods are half-open; a forward result that uses up a period exactly moves on to the next
 * opening; a backward result may land on an opening; zero forward is the next opening and
 * zero backward the previous close. Walks go window by window and skip whole regular weeks.
 * Throws when the definition has problems (run checkCalendarDef first to report them).
 */
export function createCalendar(def: CalendarDef): BusinessCalendar {
  const problems = checkCalendarDef(def);
  if (problems.length > 0) {
    const list = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    throw new Error(`calendar "${String(def.id)}" is invalid: ${list}`);
  }
  const rules = compileCalendarRules(def);
  const days = createDayWindows(rules, createZoneOffsets(def.timezone));
  const weekMs = rules.weekMinutes * MINUTE_MS;

  function add(from: number, ms: number): number {
    checkNumbers(from, ms);
    if (ms < 0) return subtract(from, -ms);
    let rest = ms;
    let day = days.dayOf(from);
    let cursor = from;
    for (let closed = 0; ; day++, cursor = Math.max(cursor, days.dayStart(day))) {
      while (cursor === days.dayStart(day) && rest > weekMs && days.isRegularWeek(day)) {
        rest -= weekMs;
        day += 7;
        cursor = days.dayStart(day);
      }
      for (const span of days.window(day)) {
        if (span.end <= cursor) continue;
        const start = Math.max(span.start, cursor);
        // Strictly less: using up a span exactly moves on to the next opening.
        if (rest < span.end - start) return start + rest;
        rest -= span.end - start;
        closed = 0;
      }
      if (++closed > MAX_CLOSED_DAYS) throw neverOpen(def.id, 'after', from);
    }
  }

  function subtract(from: number, ms: number): number {
    checkNumbers(from, ms);
    if (ms < 0) return add(from, -ms);
    let rest = ms;
    let day = days.dayOf(from);
    let cursor = from;
    for (let closed = 0; ; day--, cursor = Math.min(cursor, days.dayStart(day + 1))) {
      while (cursor === days.dayStart(day + 1) && rest > weekMs && days.isRegularWeek(day - 6)) {
        rest -= weekMs;
        day -= 7;
        cursor = days.dayStart(day + 1);
      }
      const spans = days.window(day);
      for (let i = spans.length - 1; i >= 0; i--) {
        const span = spans[i] as (typeof spans)[number];
        if (span.start >= cursor) continue;
        const end = Math.min(span.end, cursor);
        // Less or equal: a backward result may land on an opening.
        if (rest <= end - span.start) return end - rest;
        rest -= end - span.start;
        closed = 0;
      }
      if (++closed > MAX_CLOSED_DAYS) throw neverOpen(def.id, 'before', from);
    }
  }

  function between(from: number, to: number): number {
    checkNumbers(from, to);
    if (to < from) return -between(to, from);
    let total = 0;
    let day = days.dayOf(from);
    for (let cursor = from; cursor < to; day++, cursor = Math.max(cursor, days.dayStart(day))) {
      while (cursor === days.dayStart(day) && days.dayStart(day + 7) <= to && days.isRegularWeek(day)) {
        total += weekMs;
        day += 7;
        cursor = days.dayStart(day);
      }
      for (const span of days.window(day)) {
        const start = Math.max(span.start, cursor);
        const end = Math.min(span.end, to);
        if (end > start) total += end - start;
      }
    }
    return total;
  }

  function isOpen(at: number): boolean {
    checkNumbers(at, 0);
    return days.window(days.dayOf(at)).some((span) => span.start <= at && at < span.end);
  }

  return Object.freeze({
    id: def.id,
    timezone: def.timezone,
    add,
    subtract,
    between,
    isOpen,
    isBusinessDate: (date: string) => isBusinessDate(days, date),
  });
}

function isBusinessDate(days: DayWindows, date: string): boolean {
  const day = parseDate(date);
  if (day === undefined) throw new Error(`"${date}" is not a date; write "YYYY-MM-DD"`);
  return days.hasOpenPeriods(day);
}

function checkNumbers(a: number, b: number): void {
  if (!Number.isFinite(a) || !Number.isFinite(b)) {
    throw new Error(`business-time arithmetic needs finite epoch milliseconds, got ${a} and ${b}`);
  }
}

function neverOpen(id: string, direction: string, from: number): Error {
  const years = Math.round((MAX_CLOSED_DAYS * DAY_MS) / (365.25 * DAY_MS));
  return new Error(
    `calendar "${id}" has no open hours within ${years} years ${direction} ${new Date(from).toISOString()}`,
  );
}
