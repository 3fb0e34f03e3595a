import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../../src/core/sla/calendar/index.ts';
import type { CalendarDef } from '../../../src/core/policy/types.ts';
import { HOUR, MINUTE, at, nightDesk, office, show, weekendShift, berlin24x7 } from './support.ts';

type Case = [label: string, from: string, minutes: number, expected: string];

function table(def: CalendarDef, op: 'add' | 'subtract', cases: Case[]): void {
  const cal = createCalendar(def);
  const zone = def.timezone;
  it.each(cases)(`${def.id} ${op}: %s`, (_label, from, minutes, expected) => {
    expect(show(zone, cal[op](at(zone, from), minutes * MINUTE))).toBe(expected);
  });
}

describe('adding business time (office: Mon–Fri 09–12, 13–17, Berlin; Jan 5 2026 is a Monday)', () => {
  table(office, 'add', [
    ['inside one period', '2026-01-05 10:00', 60, '2026-01-05 11:00'],
    ['across lunch', '2026-01-05 11:30', 60, '2026-01-05 13:30'],
    ['start before opening begins at the opening', '2026-01-05 07:00', 30, '2026-01-05 09:30'],
    ['start in lunch begins after lunch', '2026-01-05 12:15', 30, '2026-01-05 13:30'],
    ['landing on a close moves to the next opening', '2026-01-05 16:00', 60, '2026-01-06 09:00'],
    ['landing on the lunch close moves to the afternoon', '2026-01-05 11:00', 60, '2026-01-05 13:00'],
    ['over the weekend', '2026-01-16 16:00', 120, '2026-01-19 10:00'],
    ['zero from outside hours is the next opening', '2026-01-11 12:00', 0, '2026-01-12 09:00'],
    ['zero inside hours stays', '2026-01-05 10:17', 0, '2026-01-05 10:17'],
    ['zero at a close is the next opening', '2026-01-05 17:00', 0, '2026-01-06 09:00'],
    ['zero at an opening stays', '2026-01-05 09:00', 0, '2026-01-05 09:00'],
    ['one full week lands on the next opening', '2026-01-12 09:00', 5 * 7 * 60, '2026-01-19 09:00'],
    ['holidays are skipped (Oct 1–2)', '2026-09-30 16:00', 120, '2026-10-05 10:00'],
    ['an override shortens Christmas Eve', '2026-12-24 11:00', 120, '2026-12-28 10:00'],
    ['an empty override closes the date', '2026-12-30 16:00', 120, '2027-01-01 10:00'],
    ['an override opens a Saturday', '2026-01-09 16:30', 60, '2026-01-10 10:30'],
    ['a break pauses the clock', '2026-01-07 09:30', 45, '2026-01-07 11:45'],
    ['a break then a period end moves on', '2026-01-07 09:30', 60, '2026-01-07 13:00'],
    ['start inside a break', '2026-01-07 10:30', 30, '2026-01-07 13:00'],
  ]);
});

describe('subtracting business time (office)', () => {
  table(office, 'subtract', [
    ['inside one period', '2026-01-05 11:00', 60, '2026-01-05 10:00'],
    ['landing on an opening stays there', '2026-01-05 10:00', 60, '2026-01-05 09:00'],
    ['landing on the afternoon opening stays', '2026-01-05 14:00', 60, '2026-01-05 13:00'],
    ['across lunch', '2026-01-05 13:30', 60, '2026-01-05 11:30'],
    ['over the weekend', '2026-01-19 09:30', 60, '2026-01-16 16:30'],
    ['zero from outside hours is the previous close', '2026-01-10 20:00', 0, '2026-01-10 14:00'],
    ['zero in lunch is the morning close', '2026-01-05 12:30', 0, '2026-01-05 12:00'],
    ['zero at an opening is the previous close', '2026-01-06 09:00', 0, '2026-01-05 17:00'],
    ['zero at a close stays', '2026-01-05 17:00', 0, '2026-01-05 17:00'],
    ['zero inside stays', '2026-01-05 15:45', 0, '2026-01-05 15:45'],
    ['holidays are skipped', '2026-10-05 10:00', 120, '2026-09-30 16:00'],
    ['a break pauses the clock', '2026-01-07 12:00', 60, '2026-01-07 09:30'],
  ]);
});

describe('overnight periods (night desk: Mon–Fri 22:00–06:00; Wed Jan 7 is a holiday)', () => {
  table(nightDesk, 'add', [
    ['runs past midnight', '2026-01-05 23:00', 120, '2026-01-06 01:00'],
    ['resumes the next evening', '2026-01-06 05:00', 120, '2026-01-06 23:00'],
    ['the period that began before the holiday still runs into it', '2026-01-07 05:00', 60, '2026-01-08 22:00'],
    ['the holiday drops the period starting on it', '2026-01-07 05:00', 120, '2026-01-08 23:00'],
    ['Friday night runs into Saturday', '2026-01-09 23:00', 6 * 60, '2026-01-10 05:00'],
    ['and ends there on Saturday morning', '2026-01-09 23:00', 7 * 60, '2026-01-12 22:00'],
  ]);
  const cal = createCalendar(nightDesk);
  const z = nightDesk.timezone;
  it.each([
    ['2026-01-07 03:00', true],
    ['2026-01-07 23:00', false],
    ['2026-01-08 03:00', false],
    ['2026-01-09 03:00', true],
    ['2026-01-10 03:00', true],
    ['2026-01-11 03:00', false],
    ['2026-01-05 22:00', true],
    ['2026-01-06 06:00', false],
  ] as const)('isOpen(%s) is %s', (time, open) => {
    expect(cal.isOpen(at(z, time))).toBe(open);
  });
});

describe('24:00 and contiguous periods', () => {
  const weekend = createCalendar(weekendShift);
  const round = createCalendar(berlin24x7);
  const z = 'Europe/Berlin';
  it('a period ending at 24:00 continues into one starting at 00:00 without a jump', () => {
    expect(show(z, weekend.add(at(z, '2026-01-10 23:00'), 60 * MINUTE))).toBe('2026-01-11 00:00');
    expect(show(z, weekend.add(at(z, '2026-01-10 23:00'), 120 * MINUTE))).toBe('2026-01-11 01:00');
    expect(show(z, weekend.subtract(at(z, '2026-01-11 01:00'), 120 * MINUTE))).toBe('2026-01-10 23:00');
    expect(show(z, weekend.subtract(at(z, '2026-01-11 01:00'), 60 * MINUTE))).toBe('2026-01-11 00:00');
    expect(weekend.between(at(z, '2026-01-10 00:00'), at(z, '2026-01-12 00:00'))).toBe(8 * HOUR);
    expect(weekend.isOpen(at(z, '2026-01-11 00:00'))).toBe(true);
  });
  it('an all-day calendar adds elapsed time across midnights', () => {
    const from = at(z, '2026-01-05 23:30');
    expect(round.add(from, HOUR)).toBe(from + HOUR);
    expect(round.add(from, 30 * 24 * HOUR)).toBe(from + 30 * 24 * HOUR);
    expect(round.subtract(from, 30 * 24 * HOUR)).toBe(from - 30 * 24 * HOUR);
    expect(round.between(from, from + 17 * HOUR)).toBe(17 * HOUR);
  });
  it('"22:00-24:00" on one day equals "22:00-00:00"', () => {
    const a = createCalendar({ id: 'a', timezone: 'UTC', hours: { mon: ['22:00-24:00'] } });
    const b = createCalendar({ id: 'b', timezone: 'UTC', hours: { mon: ['22:00-00:00'] } });
    const from = Date.UTC(2026, 0, 1);
    expect(a.add(from, 90 * MINUTE)).toBe(b.add(from, 90 * MINUTE));
    expect(show('UTC', a.add(from, 90 * MINUTE))).toBe('2026-01-05 23:30');
  });
});

describe('between', () => {
  const cal = createCalendar(office);
  const z = office.timezone;
  it.each([
    ['one working day', '2026-01-05 00:00', '2026-01-06 00:00', 7 * 60],
    ['a week with a break and an opened Saturday', '2026-01-05 00:00', '2026-01-12 00:00', 35 * 60 - 90 + 4 * 60],
    ['a plain week', '2026-01-12 00:00', '2026-01-19 00:00', 35 * 60],
    ['partial periods at both ends', '2026-01-05 11:30', '2026-01-05 13:15', 45],
    ['a day with a break', '2026-01-07 00:00', '2026-01-08 00:00', 5.5 * 60],
    ['across the holidays', '2026-09-30 16:00', '2026-10-05 10:00', 120],
    ['nothing outside hours', '2026-01-05 17:00', '2026-01-06 09:00', 0],
    ['a year', '2026-01-01 00:00', '2027-01-01 00:00', null],
  ] as const)('%s', (_label, from, to, minutes) => {
    const ms = cal.between(at(z, from), at(z, to));
    if (minutes !== null) expect(ms).toBe(minutes * MINUTE);
    expect(cal.between(at(z, to), at(z, from))).toBe(-ms);
  });
  it('counts to the millisecond', () => {
    const from = at(z, '2026-01-05 09:00') + 1234;
    expect(cal.between(from, from + 5678)).toBe(5678);
  });
});
