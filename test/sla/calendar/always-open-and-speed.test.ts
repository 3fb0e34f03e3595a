import { describe, expect, it } from 'vitest';
import { alwaysOpenCalendar, createCalendar } from '../../../src/core/sla/calendar/index.ts';
import { HOUR, at, laOffice, office, show } from './support.ts';

const DAY = 24 * HOUR;

describe('alwaysOpenCalendar', () => {
  it('is the 24x7 calendar in UTC where business time is elapsed time', () => {
    const t = Date.UTC(2026, 2, 29, 0, 30);
    expect(alwaysOpenCalendar.id).toBe('24x7');
    expect(alwaysOpenCalendar.timezone).toBe('UTC');
    expect(alwaysOpenCalendar.add(t, 90 * 60_000)).toBe(t + 90 * 60_000);
    expect(alwaysOpenCalendar.add(t, 0)).toBe(t);
    expect(alwaysOpenCalendar.subtract(t, DAY)).toBe(t - DAY);
    expect(alwaysOpenCalendar.between(t, t - 5)).toBe(-5);
    expect(alwaysOpenCalendar.isOpen(t)).toBe(true);
    expect(Object.isFrozen(alwaysOpenCalendar)).toBe(true);
  });
  it('agrees with a calendar built from 00:00-24:00 hours in UTC', () => {
    const all = ['00:00-24:00'];
    const built = createCalendar({
      id: 'x',
      timezone: 'UTC',
      hours: { mon: all, tue: all, wed: all, thu: all, fri: all, sat: all, sun: all },
    });
    for (const [t, d] of [
      [Date.UTC(2026, 0, 1, 23, 59), 61_000],
      [Date.UTC(2026, 5, 1), 400 * DAY],
    ] as const) {
      expect(built.add(t, d)).toBe(alwaysOpenCalendar.add(t, d));
      expect(built.subtract(t, d)).toBe(alwaysOpenCalendar.subtract(t, d));
      expect(built.between(t, t + d)).toBe(d);
    }
  });
  it('rejects non-finite input', () => {
    expect(() => alwaysOpenCalendar.add(Number.NaN, 1)).toThrow(/finite/);
    expect(() => createCalendar(office).add(0, Number.POSITIVE_INFINITY)).toThrow(/finite/);
  });
});

// Speed is measured in bench/calendar.ts, never asserted here (machines are noisy).
describe('long spans: walks period by period and skips regular weeks', () => {
  it('adds a year of business time (≈ 4 calendar years of office hours) exactly', () => {
    const cal = createCalendar(laOffice);
    const from = at('America/Los_Angeles', '2026-01-05 10:00');
    const due = cal.add(from, 365 * DAY);
    expect(cal.between(from, due)).toBe(365 * DAY);
    // 8760 h at 40 h a week is exactly 219 weeks.
    expect(show('America/Los_Angeles', due)).toBe('2030-03-18 10:00');
  });
});
