import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  alwaysOpenCalendar,
  createCalendar,
  subtractBusinessDays,
} from '../../../src/core/sla/calendar/index.ts';
import { at, berlin24x7, nightDesk, office, show, weekdaysAllDay } from './support.ts';

const z = office.timezone;
const cal = createCalendar(office);

describe('addBusinessDays (office; Sat Jan 10 is opened by an override)', () => {
  it.each([
    ['keeps the wall-clock time', '2026-01-12 10:30', 1, '2026-01-13 10:30'],
    ['skips the weekend', '2026-01-16 10:30', 1, '2026-01-19 10:30'],
    ['an override with hours makes a Saturday a business date', '2026-01-09 10:30', 1, '2026-01-10 10:30'],
    ['skips holidays', '2026-09-30 10:00', 1, '2026-10-05 10:00'],
    ['skips a date closed by an empty override', '2026-12-30 10:00', 1, '2027-01-01 10:00'],
    ['after hours moves to the next opening', '2026-01-12 18:00', 1, '2026-01-14 09:00'],
    ['before hours moves to that opening', '2026-01-12 07:00', 1, '2026-01-13 09:00'],
    ['in lunch moves to the afternoon', '2026-01-12 12:30', 1, '2026-01-13 13:00'],
    ['counts from a non-business date', '2026-01-11 10:00', 1, '2026-01-12 10:00'],
    ['five days', '2026-01-12 10:00', 5, '2026-01-19 10:00'],
    ['zero is the next opening', '2026-01-11 12:00', 0, '2026-01-12 09:00'],
    ['zero inside hours stays', '2026-01-12 10:00', 0, '2026-01-12 10:00'],
    ['keeps local time across a DST change', '2026-03-27 10:00', 1, '2026-03-30 10:00'],
  ] as const)('%s', (_label, from, n, expected) => {
    expect(show(z, addBusinessDays(cal, at(z, from), n))).toBe(expected);
  });
  it('keeps seconds and milliseconds', () => {
    const from = at(z, '2026-01-12 10:30') + 52_123;
    expect(addBusinessDays(cal, from, 1) - from).toBe(24 * 3_600_000);
  });
});

describe('subtractBusinessDays (office)', () => {
  it.each([
    ['keeps the wall-clock time', '2026-01-19 10:00', 1, '2026-01-16 10:00'],
    ['before hours moves to the previous close', '2026-01-19 08:00', 1, '2026-01-15 17:00'],
    ['after hours moves to that close', '2026-01-19 18:00', 1, '2026-01-16 17:00'],
    ['in lunch moves to the morning close', '2026-01-19 12:30', 1, '2026-01-16 12:00'],
    ['skips holidays', '2026-10-05 10:00', 1, '2026-09-30 10:00'],
    ['zero is the previous close', '2026-01-18 12:00', 0, '2026-01-16 17:00'],
    ['zero at an opening stays there', '2026-01-19 09:00', 0, '2026-01-19 09:00'],
    ['landing on an opening stays there', '2026-01-20 09:00', 1, '2026-01-19 09:00'],
    ['a negative count adds', '2026-01-16 10:30', -1, '2026-01-19 10:30'],
  ] as const)('%s', (_label, from, n, expected) => {
    expect(show(z, subtractBusinessDays(cal, at(z, from), n))).toBe(expected);
  });
});

describe('subtractBusinessDays on a calendar whose days end at 24:00 (Mon–Fri 00:00–24:00)', () => {
  const weekdays = createCalendar(weekdaysAllDay);
  it.each([
    ['zero before Monday 00:00 is Monday 00:00', '2026-01-19 00:00', 0, '2026-01-19 00:00'],
    ['five before Monday 00:00 is the Monday before', '2026-01-19 00:00', 5, '2026-01-12 00:00'],
    ['one before Monday 00:00 is Friday 00:00', '2026-01-19 00:00', 1, '2026-01-16 00:00'],
    ['one before Saturday noon is Friday noon', '2026-01-17 12:00', 1, '2026-01-16 12:00'],
  ] as const)('%s', (_label, from, n, expected) => {
    const result = subtractBusinessDays(weekdays, at(z, from), n);
    expect(show(z, result)).toBe(expected);
    expect(weekdays.isOpen(result)).toBe(true);
  });
});

describe('business days elsewhere', () => {
  it('a date counts when a period starts on it, not when one spills into it', () => {
    const night = createCalendar(nightDesk);
    // Fri 23:00 + 1 business day: Saturday only holds Friday's spill, Monday's period is next.
    expect(show(z, addBusinessDays(night, at(z, '2026-01-09 23:00'), 1))).toBe('2026-01-12 23:00');
    // The holiday Wed Jan 7 is skipped even though Tuesday's period runs into it.
    expect(show(z, addBusinessDays(night, at(z, '2026-01-06 23:00'), 1))).toBe('2026-01-08 23:00');
    expect(night.isBusinessDate('2026-01-07')).toBe(false);
    expect(night.isBusinessDate('2026-01-10')).toBe(false);
  });
  it('a wall-clock time that does not exist on the target date moves an hour later', () => {
    const round = createCalendar(berlin24x7);
    expect(show(z, addBusinessDays(round, at(z, '2026-03-28 02:30'), 1))).toBe('2026-03-29 03:30');
  });
  it('the 24x7 calendar steps calendar days in UTC', () => {
    const from = Date.UTC(2026, 0, 5, 10);
    expect(addBusinessDays(alwaysOpenCalendar, from, 3)).toBe(Date.UTC(2026, 0, 8, 10));
    expect(subtractBusinessDays(alwaysOpenCalendar, from, 3)).toBe(Date.UTC(2026, 0, 2, 10));
  });
  it('rejects fractional counts', () => {
    expect(() => addBusinessDays(cal, 0, 1.5)).toThrow(/whole number/);
  });
});
