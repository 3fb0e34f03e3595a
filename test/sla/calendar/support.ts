import { DateTime } from 'luxon';
import type { CalendarDef } from '../../../src/core/policy/types.ts';

/** Shared fixtures: local-time helpers and the calendars the tables run against. */

export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/** "2026-01-05 09:00" in a zone (or with an explicit offset, "2026-10-25 02:30+02:00") to epoch ms. */
export function at(zone: string, text: string): number {
  const dt = DateTime.fromISO(text.replace(' ', 'T'), { zone, setZone: false });
  if (!dt.isValid) throw new Error(`bad fixture time ${text}: ${dt.invalidExplanation}`);
  return dt.toMillis();
}

/** Epoch ms to "2026-01-05 09:00" (seconds shown only when not zero) in a zone. */
export function show(zone: string, ms: number): string {
  const dt = DateTime.fromMillis(ms, { zone });
  return dt.toFormat(dt.second === 0 && dt.millisecond === 0 ? 'yyyy-MM-dd HH:mm' : 'yyyy-MM-dd HH:mm:ss.SSS');
}

/** Epoch ms to a UTC ISO string, for DST cases where the local reading is ambiguous. */
export const utc = (ms: number): string => new Date(ms).toISOString().replace(':00.000Z', 'Z');

const weekdays = (hours: string[]) => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours });

/** Berlin office with lunch; Oct 1, Oct 2 and Dec 25 off; Christmas Eve short; one break. */
export const office: CalendarDef = {
  id: 'office',
  timezone: 'Europe/Berlin',
  hours: weekdays(['09:00-12:00', '13:00-17:00']),
  holidays: ['2026-10-01', '2026-10-02', '2026-12-25'],
  overrides: [
    { date: '2026-12-24', hours: ['09:00-12:00'] },
    { date: '2026-12-31', hours: [] },
    { date: '2026-01-10', hours: ['10:00-14:00'] },
  ],
  breaks: [{ date: '2026-01-07', from: '10:00', to: '11:30' }],
};

/** A night desk: weekday periods run 22:00 to 06:00 the next morning; Wed Jan 7 is a holiday. */
export const nightDesk: CalendarDef = {
  id: 'night',
  timezone: 'Europe/Berlin',
  hours: weekdays(['22:00-06:00']),
  holidays: ['2026-01-07'],
};

/** Saturday late shift that continues as a Sunday period from midnight (contiguous). */
export const weekendShift: CalendarDef = {
  id: 'weekend',
  timezone: 'Europe/Berlin',
  hours: { sat: ['22:00-24:00'], sun: ['00:00-06:00'] },
};

const allDay = ['00:00-24:00'];
export const berlin24x7: CalendarDef = {
  id: 'berlin-24x7',
  timezone: 'Europe/Berlin',
  hours: { ...weekdays(allDay), sat: allDay, sun: allDay },
};

/** Monday to Friday round the clock, closed at weekends: every weekday ends at 24:00. */
export const weekdaysAllDay: CalendarDef = {
  id: 'weekdays-all-day',
  timezone: 'Europe/Berlin',
  hours: weekdays(allDay),
};

export const laOffice: CalendarDef = {
  id: 'la',
  timezone: 'America/Los_Angeles',
  hours: weekdays(['09:00-17:00']),
};

/** The policy sketch's Shanghai office: lunch break, Saturday mornings, Golden Week start. */
export const shanghaiOffice: CalendarDef = {
  id: 'shanghai',
  timezone: 'Asia/Shanghai',
  hours: { ...weekdays(['09:00-12:00', '13:00-18:00']), sat: ['10:00-16:00'] },
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03'],
};
