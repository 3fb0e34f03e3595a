import { addDays, dayStart } from '../core/metrics/days.ts';
import type { Ticket } from '../core/model/ticket.ts';

/**
 * Whether a ticket can change any number of the daily report for `date`: a ticket that arrived
 * before the 30-day window and whose last change (updatedAt bounds every status move) precedes
 * the backlog chart cannot. Skipping those keeps the report's cost proportional to recent work.
 */
export function createReportFilter(date: string, timezone: string): (t: Ticket) => boolean {
  const windowStart = dayStart(addDays(date, -29), timezone);
  const quietBefore = dayStart(addDays(date, -15), timezone);
  return (t) => {
    if (Date.parse(t.createdAt) >= windowStart) return true;
    const done = t.resolvedAt !== undefined || t.closedAt !== undefined;
    return !done || Date.parse(t.updatedAt) >= quietBefore;
  };
}
