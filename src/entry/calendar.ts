// switchboard/calendar: business calendars and business-day arithmetic.
export {
  createCalendar,
  alwaysOpenCalendar,
  addBusinessDays,
  subtractBusinessDays,
  checkCalendarDef,
  type BusinessCalendar,
  type CalendarDef,
} from '../core/sla/calendar/index.ts';
