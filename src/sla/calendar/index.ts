// TEMPORARY stub until the calendar branch lands: wall-clock arithmetic only.
import type { BusinessCalendar, CalendarDef } from '../../config/types.ts';

export const alwaysOpenCalendar: BusinessCalendar = {
  id: '24x7', timezone: 'UTC',
  add: (from, ms) => from + ms,
  subtract: (from, ms) => from - ms,
  between: (from, to) => to - from,
  isOpen: () => true,
};

export function createCalendar(def: CalendarDef): BusinessCalendar {
  return { ...alwaysOpenCalendar, id: def.id, timezone: def.timezone };
}

export function checkCalendarDef(_def: CalendarDef): { path: string; message: string }[] {
  return [];
}
