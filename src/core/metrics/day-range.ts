import { SwitchboardError } from '../errors/index.ts';
import { addDays } from './days.ts';

/** The first day reports and metrics answer for: nothing in Switchboard predates it. */
export const firstReportDay = '2000-01-01';

/** The last day a query may name: a year after `now` (plans and SLA deadlines reach ahead, not further). */
export const lastReportDay = (now: Date): string => addDays(now.toISOString().slice(0, 10), 366);

/**
 * Refuses a day outside firstReportDay..lastReportDay(now) with 400, before anything walks the
 * days between it and another (a day in year 9999 would be millions of steps away).
 */
export function checkReportDay(day: string, now: Date, param: string): void {
  const last = lastReportDay(now);
  if (day < firstReportDay || day > last)
    throw new SwitchboardError(
      'SWB_METRICS_QUERY',
      `?${param}=${day} is outside ${firstReportDay}..${last}; reports cover days from 2000 to a year ahead`,
      { path: `?${param}`, min: firstReportDay, max: last },
    );
}
