import type { CalendarDef } from '../../policy/types.ts';
import { WEEKDAYS, parseDate, parseInterval, parseTimeOfDay, type MinuteSpan } from './clock-time.ts';
import { isValidTimeZone } from '../../util/zone-offsets.ts';

import type { PointedProblem } from '../../policy/problem.ts';

/**
 * Every problem of a calendar definition, so the config loader can report them all at once
 * with file positions. An empty list means createCalendar will accept the definition.
 */
export function checkCalendarDef(def: CalendarDef): PointedProblem[] {
  const problems: PointedProblem[] = [];
  const report = (path: string, message: string): void => {
    problems.push({ path, code: 'SWB_CONFIG_SCHEMA', message });
  };
  if (!isRecord(def))
    return [{ path: '', code: 'SWB_CONFIG_SCHEMA', message: 'a calendar is a mapping with id, timezone and hours' }];
  const raw = def as unknown as Record<string, unknown>;

  if (typeof raw.id !== 'string' || raw.id.trim() === '') report('/id', 'calendar id must be a non-empty string');
  if (typeof raw.timezone !== 'string' || !isValidTimeZone(raw.timezone)) {
    report(
      '/timezone',
      `unknown time zone ${JSON.stringify(raw.timezone)}; use an IANA name like "Europe/Berlin" or "UTC"`,
    );
  }

  let weeklyOpen = false;
  if (raw.hours !== undefined && raw.hours !== null) {
    if (typeof raw.hours !== 'object' || Array.isArray(raw.hours)) {
      report('/hours', 'hours must map weekdays (mon … sun) to lists like ["09:00-17:00"]');
    } else {
      for (const [day, list] of Object.entries(raw.hours)) {
        if (!(WEEKDAYS as readonly string[]).includes(day)) {
          report(`/hours/${day}`, `unknown weekday "${day}"; use ${WEEKDAYS.join(', ')}`);
          continue;
        }
        if (checkIntervals(list, `/hours/${day}`, report) > 0) weeklyOpen = true;
      }
    }
  }
  if (!weeklyOpen && !problems.some((p) => p.path.startsWith('/hours/'))) {
    report(
      '/hours',
      'calendar has no open hours: give at least one weekday hours, e.g. mon: ["09:00-17:00"] (overrides only change single dates)',
    );
  }

  forEachEntry(raw.holidays, '/holidays', report, (item, path) => {
    if (typeof item !== 'string' || parseDate(item) === undefined) report(path, badDate(item));
  });

  const overrideDates = new Map<number, number>();
  forEachEntry(raw.overrides, '/overrides', report, (item, path, index) => {
    if (!isRecord(item)) return report(path, 'an override is { date: "YYYY-MM-DD", hours: ["HH:MM-HH:MM", …] }');
    const day = typeof item.date === 'string' ? parseDate(item.date) : undefined;
    if (day === undefined) report(`${path}/date`, badDate(item.date));
    else if (overrideDates.has(day))
      report(
        `${path}/date`,
        `date ${String(item.date)} already has an override (/overrides/${overrideDates.get(day)}); merge them`,
      );
    else overrideDates.set(day, index);
    checkIntervals(item.hours, `${path}/hours`, report);
  });

  forEachEntry(raw.breaks, '/breaks', report, (item, path) => {
    if (!isRecord(item)) return report(path, 'a break is { date: "YYYY-MM-DD", from: "HH:MM", to: "HH:MM" }');
    if (typeof item.date !== 'string' || parseDate(item.date) === undefined) report(`${path}/date`, badDate(item.date));
    const from = typeof item.from === 'string' ? parseTimeOfDay(item.from, false) : undefined;
    const to = typeof item.to === 'string' ? parseTimeOfDay(item.to, true) : undefined;
    if (from === undefined)
      report(`${path}/from`, `${JSON.stringify(item.from)} is not a time; write "HH:MM" (00:00-23:59)`);
    if (to === undefined) report(`${path}/to`, `${JSON.stringify(item.to)} is not a time; write "HH:MM" (00:00-24:00)`);
    if (from !== undefined && to !== undefined && to <= from) {
      report(
        `${path}/to`,
        'a break must end after it starts on the same date; split one past midnight into two breaks',
      );
    }
  });
  return problems;
}

type Report = (path: string, message: string) => void;

/** Checks a list of "HH:MM-HH:MM"; returns how many valid intervals it has. */
function checkIntervals(list: unknown, path: string, report: Report): number {
  if (list === undefined || list === null) return 0;
  if (!Array.isArray(list)) {
    report(path, 'expected a list of intervals like ["09:00-12:00", "13:00-17:00"]');
    return 0;
  }
  const seen: { span: MinuteSpan; index: number; text: string }[] = [];
  list.forEach((item, index) => {
    if (typeof item !== 'string')
      return report(`${path}/${index}`, `${JSON.stringify(item)} is not an interval; write "HH:MM-HH:MM"`);
    const span = parseInterval(item);
    if ('error' in span) return report(`${path}/${index}`, span.error);
    const clash = seen.find((other) => span.start < other.span.end && other.span.start < span.end);
    if (clash)
      return report(
        `${path}/${index}`,
        `"${item}" overlaps "${clash.text}" (${path}/${clash.index}); merge or separate them`,
      );
    seen.push({ span, index, text: item });
  });
  return seen.length;
}

function forEachEntry(
  list: unknown,
  path: string,
  report: Report,
  each: (item: unknown, path: string, index: number) => void,
): void {
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) {
    report(path, 'expected a list');
    return;
  }
  list.forEach((item, index) => each(item, `${path}/${index}`, index));
}

function badDate(value: unknown): string {
  return `${JSON.stringify(value)} is not a date; write "YYYY-MM-DD", e.g. "2026-10-01"`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
