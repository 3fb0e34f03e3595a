// Business calendars: weekly hours in an IANA zone with holidays, date overrides and breaks,
// and the business-time arithmetic SLAs run on. Pure: no I/O, no clock.
export { createCalendar } from './create-calendar.ts';
export { alwaysOpenCalendar } from './always-open.ts';
export { checkCalendarDef } from './check-calendar-def.ts';
export { addBusinessDays, subtractBusinessDays } from './business-days.ts';
export type { BusinessCalendar, CalendarDef } from '../../policy/types.ts';
