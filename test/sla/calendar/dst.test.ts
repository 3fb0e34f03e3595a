import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../../src/core/sla/calendar/index.ts';
import { HOUR, MINUTE, at, berlin24x7, laOffice, shanghaiOffice, show, utc } from './support.ts';

// 2026 changes: Europe/Berlin Mar 29 (02:00 → 03:00) and Oct 25 (03:00 → 02:00);
// America/Los_Angeles Mar 8 (02:00 → 03:00) and Nov 1 (02:00 → 01:00); Asia/Shanghai none.
const sundays = (hours: string[]) => ({ mon: ['09:00-17:00'], sun: hours });

describe('Europe/Berlin', () => {
  const berlin = (hours: string[]) => createCalendar({ id: 'b', timezone: 'Europe/Berlin', hours: sundays(hours) });
  const z = 'Europe/Berlin';

  it('a spring-forward night has an hour less business time', () => {
    const cal = berlin(['01:00-05:00']);
    expect(cal.between(at(z, '2026-03-29 00:00'), at(z, '2026-03-30 00:00'))).toBe(3 * HOUR);
    expect(show(z, cal.add(at(z, '2026-03-29 01:00'), 2 * HOUR))).toBe('2026-03-29 04:00');
    expect(show(z, cal.subtract(at(z, '2026-03-29 05:00'), 2 * HOUR))).toBe('2026-03-29 03:00');
  });
  it('an opening that does not exist moves one hour later', () => {
    const cal = berlin(['02:30-05:00']);
    expect(utc(cal.add(at(z, '2026-03-29 00:00'), 0))).toBe('2026-03-29T01:30Z');
    expect(show(z, cal.add(at(z, '2026-03-29 00:00'), 0))).toBe('2026-03-29 03:30');
    expect(cal.between(at(z, '2026-03-29 00:00'), at(z, '2026-03-30 00:00'))).toBe(90 * MINUTE);
    // On ordinary Sundays the same hours hold 2.5 h.
    expect(cal.between(at(z, '2026-03-22 00:00'), at(z, '2026-03-23 00:00'))).toBe(150 * MINUTE);
  });
  it('a fall-back night has an hour more business time', () => {
    const cal = berlin(['01:00-05:00']);
    expect(cal.between(at(z, '2026-10-25 00:00'), at(z, '2026-10-26 00:00'))).toBe(5 * HOUR);
    expect(utc(cal.add(at(z, '2026-10-25 01:00'), 2 * HOUR))).toBe('2026-10-25T01:00Z');
    expect(show(z, cal.add(at(z, '2026-10-25 01:00'), 4 * HOUR))).toBe('2026-10-25 04:00');
  });
  it('an ambiguous opening takes its first occurrence', () => {
    const cal = berlin(['02:30-04:00']);
    expect(utc(cal.add(at(z, '2026-10-25 00:00'), 0))).toBe('2026-10-25T00:30Z');
    expect(cal.between(at(z, '2026-10-25 00:00'), at(z, '2026-10-26 00:00'))).toBe(150 * MINUTE);
  });
  it('an all-day calendar counts 23 h and 25 h on the change days', () => {
    const cal = createCalendar(berlin24x7);
    expect(cal.between(at(z, '2026-03-29 00:00'), at(z, '2026-03-30 00:00'))).toBe(23 * HOUR);
    expect(cal.between(at(z, '2026-10-25 00:00'), at(z, '2026-10-26 00:00'))).toBe(25 * HOUR);
    const from = at(z, '2026-03-28 23:00');
    expect(cal.add(from, 4 * HOUR)).toBe(from + 4 * HOUR);
    expect(show(z, cal.add(from, 4 * HOUR))).toBe('2026-03-29 04:00');
  });
});

describe('America/Los_Angeles', () => {
  const z = 'America/Los_Angeles';
  const office = createCalendar(laOffice);

  it('keeps office hours in local time across the change', () => {
    expect(show(z, office.add(at(z, '2026-03-06 16:00'), 2 * HOUR))).toBe('2026-03-09 10:00');
    expect(utc(office.add(at(z, '2026-03-06 16:00'), 2 * HOUR))).toBe('2026-03-09T17:00Z');
    expect(show(z, office.subtract(at(z, '2026-11-02 10:00'), 2 * HOUR))).toBe('2026-10-30 16:00');
  });
  it('skips whole weeks correctly when a change falls inside them', () => {
    // 80 h is two full weeks: it ends on a Friday close and moves to Monday's opening.
    expect(show(z, office.add(at(z, '2026-03-02 09:00'), 80 * HOUR))).toBe('2026-03-16 09:00');
    expect(show(z, office.add(at(z, '2026-03-02 09:00'), 81 * HOUR))).toBe('2026-03-16 10:00');
    expect(show(z, office.subtract(at(z, '2026-03-16 10:00'), 81 * HOUR))).toBe('2026-03-02 09:00');
    expect(office.between(at(z, '2026-03-02 00:00'), at(z, '2026-03-16 00:00'))).toBe(80 * HOUR);
    expect(office.between(at(z, '2026-10-26 00:00'), at(z, '2026-11-09 00:00'))).toBe(80 * HOUR);
  });
  it('a fall-back night with an ambiguous opening', () => {
    const cal = createCalendar({ id: 'la-night', timezone: z, hours: { sun: ['01:30-02:30'] } });
    expect(utc(cal.add(at(z, '2026-11-01 00:00'), 0))).toBe('2026-11-01T08:30Z');
    expect(cal.between(at(z, '2026-11-01 00:00'), at(z, '2026-11-02 00:00'))).toBe(2 * HOUR);
  });
  it('a spring-forward night with a skipped opening', () => {
    const cal = createCalendar({ id: 'la-spring', timezone: z, hours: { sun: ['02:15-04:00'] } });
    expect(show(z, cal.add(at(z, '2026-03-08 00:00'), 0))).toBe('2026-03-08 03:15');
    expect(cal.between(at(z, '2026-03-08 00:00'), at(z, '2026-03-09 00:00'))).toBe(45 * MINUTE);
  });
});

describe('Asia/Shanghai (no DST)', () => {
  const z = 'Asia/Shanghai';
  const cal = createCalendar(shanghaiOffice);
  it.each([
    ['before Golden Week', '2026-09-30 17:00', 2 * 60, '2026-10-05 10:00'],
    ['Saturday hours', '2026-09-25 17:30', 60, '2026-09-26 10:30'],
    ['lunch', '2026-09-28 11:30', 60, '2026-09-28 13:30'],
  ] as const)('%s', (_label, from, minutes, expected) => {
    expect(show(z, cal.add(at(z, from), minutes * MINUTE))).toBe(expected);
  });
  it('a week holds 46 business hours', () => {
    expect(cal.between(at(z, '2026-09-07 00:00'), at(z, '2026-09-14 00:00'))).toBe(46 * HOUR);
  });
});
