import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alwaysOpenCalendar, createCalendar, subtractBusinessDays } from '../../../src/core/sla/calendar/index.ts';
import type { CalendarDef } from '../../../src/core/policy/types.ts';
import {
  HOUR,
  MINUTE,
  berlin24x7,
  laOffice,
  nightDesk,
  office,
  shanghaiOffice,
  weekdaysAllDay,
  weekendShift,
} from './support.ts';

const DAY = 24 * HOUR;
const start2026 = Date.UTC(2026, 0, 1);
/** Any millisecond of 2026 and early 2027, so DST changes and the special dates are covered. */
const instant = fc.integer({ min: start2026, max: start2026 + 400 * DAY });
const duration = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 8 * HOUR }),
  fc.integer({ min: 0, max: 60 * DAY }),
  fc.integer({ min: 0, max: 400 }).map((m) => m * MINUTE),
);

describe.each([office, nightDesk, weekendShift, berlin24x7, weekdaysAllDay, laOffice, shanghaiOffice])(
  'properties of $id',
  (def) => {
    const cal = createCalendar(def);
    const runs = { numRuns: 150 };

    it('due is never before start, and later for positive durations', () => {
      fc.assert(
        fc.property(instant, duration, (t, d) => {
          const due = cal.add(t, d);
          return due >= t && (d === 0 || due > t);
        }),
        runs,
      );
    });

    // Holds for every t and every a, b ≥ 0: a positive add always ends at an open instant
    // with exactly `a` counted, and "a used-up period moves on to the next opening" means
    // stopping there and continuing is the same walk as not stopping.
    it('add(add(t, a), b) = add(t, a + b)', () => {
      fc.assert(
        fc.property(instant, duration, duration, (t, a, b) => cal.add(cal.add(t, a), b) === cal.add(t, a + b)),
        runs,
      );
    });

    // Backward only for b > 0: a backward result may land on an opening, and zero backward from
    // an opening is the previous close, so subtract(subtract(t, a), 0) can differ there.
    it('subtract(subtract(t, a), b) = subtract(t, a + b) for b > 0', () => {
      const positive = duration.filter((d) => d > 0);
      fc.assert(
        fc.property(
          instant,
          duration,
          positive,
          (t, a, b) => cal.subtract(cal.subtract(t, a), b) === cal.subtract(t, a + b),
        ),
        runs,
      );
    });
    it('subtract(subtract(t, a), 0) differs from subtract(t, a) exactly when that lands on an opening', () => {
      fc.assert(
        fc.property(instant, duration, (t, a) => {
          const x = cal.subtract(t, a);
          const onOpening = cal.isOpen(x) && !cal.isOpen(x - 1);
          return (cal.subtract(x, 0) === x) === !onOpening;
        }),
        runs,
      );
    });

    // For every t, not only open ones: closed time before the first opening counts nothing.
    it('between(t, add(t, d)) = d and between(subtract(t, d), t) = d', () => {
      fc.assert(
        fc.property(instant, duration, (t, d) => {
          expect(cal.between(t, cal.add(t, d))).toBe(d);
          expect(cal.between(cal.subtract(t, d), t)).toBe(d);
        }),
        runs,
      );
    });

    it('add(t, d) is open for d > 0', () => {
      fc.assert(
        fc.property(
          instant,
          duration.filter((d) => d > 0),
          (t, d) => cal.isOpen(cal.add(t, d)),
        ),
        runs,
      );
    });

    it('subtract undoes add from an open instant (d > 0)', () => {
      fc.assert(
        fc.property(
          instant,
          duration.filter((d) => d > 0),
          (t, d) => {
            const open = cal.add(t, 0) + (t % 977); // some instant near an opening, open or not
            fc.pre(cal.isOpen(open));
            return cal.subtract(cal.add(open, d), d) === open;
          },
        ),
        runs,
      );
    });

    it('between is additive and antisymmetric', () => {
      fc.assert(
        fc.property(instant, instant, instant, (a, b, c) => {
          return (
            cal.between(a, b) + cal.between(b, c) === cal.between(a, c) && cal.between(a, b) === -cal.between(b, a)
          );
        }),
        runs,
      );
    });

    // Signed, as on the 24x7 calendar: from a later to an earlier instant is minus the business
    // time between them, never zero unless the calendar is closed all along.
    it('between a later and an earlier instant is the negative business time between them', () => {
      fc.assert(
        fc.property(instant, fc.integer({ min: 1, max: 30 * DAY }), (t, d) => {
          const back = cal.between(t + d, t);
          return back === -cal.between(t, t + d) && back <= 0 && back < 0 === cal.add(t, 0) < t + d;
        }),
        runs,
      );
    });

    // Openings found by scanning quarter hours: every opening of these calendars is on one.
    const openings: number[] = [];
    for (let t = start2026; t < start2026 + 400 * DAY; t += 15 * MINUTE)
      if (cal.isOpen(t) && !cal.isOpen(t - 1)) openings.push(t);
    // A calendar open all week has no openings: every instant stands in for one.
    const opening = openings.length
      ? fc.integer({ min: 0, max: openings.length - 1 }).map((i) => openings[i]!)
      : instant;
    const days = fc.integer({ min: 0, max: 12 });

    // With the same hours on every business date, the stepped wall time is an opening too; with
    // other hours on the stepped date it may be closed, and the previous close is the answer.
    const sameHours = new Set(Object.values(def.hours ?? {}).map((h) => h.join())).size === 1 && !def.overrides;
    it('zero business days before an opening is that opening; n days before it are open when the hours repeat', () => {
      fc.assert(
        fc.property(opening, days, (t, n) => {
          const r = subtractBusinessDays(cal, t, n);
          return n === 0 ? r === t : r < t && (!sameHours || cal.isOpen(r));
        }),
        runs,
      );
    });

    it('business days before any instant give an open moment or a close, never after the start', () => {
      fc.assert(
        fc.property(instant, days, (t, n) => {
          const r = subtractBusinessDays(cal, t, n);
          return r <= t && (cal.isOpen(r) || cal.isOpen(r - 1));
        }),
        runs,
      );
    });
  },
);

describe('between on the 24x7 calendar', () => {
  it('is signed wall time, like every calendar', () => {
    fc.assert(
      fc.property(instant, instant, (a, b) => alwaysOpenCalendar.between(a, b) === b - a),
      { numRuns: 100 },
    );
  });
});

describe('against a minute-by-minute reference model (UTC, overnight, holiday, override, break)', () => {
  const def: CalendarDef = {
    id: 'ref',
    timezone: 'UTC',
    hours: {
      mon: ['09:00-12:00', '13:00-17:00'],
      tue: ['22:00-06:00'],
      wed: ['00:00-03:00', '08:00-20:00'],
      fri: ['09:00-17:00', '20:00-24:00'],
      sat: ['00:00-02:00', '23:00-01:00'],
    },
    holidays: ['2026-01-14', '2026-01-24'],
    overrides: [
      { date: '2026-01-17', hours: ['10:00-11:00'] },
      { date: '2026-01-20', hours: ['21:00-05:00'] },
    ],
    breaks: [
      { date: '2026-01-12', from: '10:30', to: '13:30' },
      { date: '2026-01-21', from: '02:00', to: '09:00' },
    ],
  };
  const cal = createCalendar(def);
  const minuteOf = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
  const dayOf = (date: string) => Date.parse(`${date}T00:00Z`) / DAY;
  const names = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

  /** Periods starting on a UTC day, as [start, end) in ms, straight from the definition. */
  function periods(day: number): [number, number][] {
    const date = new Date(day * DAY).toISOString().slice(0, 10);
    if (def.holidays?.includes(date)) return [];
    const hours =
      def.overrides?.find((o) => o.date === date)?.hours ??
      def.hours?.[names[new Date(day * DAY).getUTCDay()] as 'mon'] ??
      [];
    return hours.map((h) => {
      const s = minuteOf(h.slice(0, 5));
      let e = minuteOf(h.slice(6, 11));
      if (e <= s) e += 1440;
      return [day * DAY + s * MINUTE, day * DAY + e * MINUTE];
    });
  }
  function refOpen(t: number): boolean {
    const day = Math.floor(t / DAY);
    const inBreak = def.breaks?.some((b) => {
      const d = dayOf(b.date);
      return t >= d * DAY + minuteOf(b.from) * MINUTE && t < d * DAY + minuteOf(b.to) * MINUTE;
    });
    return !inBreak && [...periods(day - 1), ...periods(day)].some(([s, e]) => s <= t && t < e);
  }
  function refAdd(t: number, d: number): number {
    let rest = d;
    for (let c = t; ; c += MINUTE) {
      if (!refOpen(c)) continue;
      if (rest === 0) return c;
      rest -= MINUTE;
    }
  }
  function refSubtract(t: number, d: number): number {
    let rest = d;
    for (let c = t; ; c -= MINUTE) {
      if (!refOpen(c - MINUTE)) continue;
      if (rest === 0) return c;
      rest -= MINUTE;
      if (rest === 0) return c - MINUTE;
    }
  }
  const minuteInJan = fc.integer({ min: 0, max: 30 * 1440 }).map((m) => Date.UTC(2026, 0, 1) + m * MINUTE);
  const minutes = fc.integer({ min: 0, max: 3 * 1440 }).map((m) => m * MINUTE);
  const runs = { numRuns: 80 };

  it('isOpen matches', () => {
    fc.assert(
      fc.property(minuteInJan, (t) => cal.isOpen(t) === refOpen(t)),
      runs,
    );
  });
  it('add matches', () => {
    fc.assert(
      fc.property(minuteInJan, minutes, (t, d) => cal.add(t, d) === refAdd(t, d)),
      runs,
    );
  });
  it('subtract matches', () => {
    fc.assert(
      fc.property(minuteInJan, minutes, (t, d) => cal.subtract(t, d) === refSubtract(t, d)),
      runs,
    );
  });
  it('between matches', () => {
    fc.assert(
      fc.property(minuteInJan, minutes, (t, d) => {
        let count = 0;
        for (let c = t; c < t + d; c += MINUTE) if (refOpen(c)) count++;
        return cal.between(t, t + d) === count * MINUTE;
      }),
      runs,
    );
  });
});
