import type { Ticket } from '../core/model/ticket.ts';
import { csvLine } from '../core/util/csv.ts';

/** The tracking table of domain.md §9, one ticket per row. */
export const trackingHeader = [
  'ticket number',
  'customer id',
  'channel',
  'category',
  'created at',
  'first response at',
  'first responder',
  'resolved at',
  'resolver',
  'satisfaction',
  'notes',
];

export { csvCell, csvLine } from '../core/util/csv.ts';

export function trackingRow(t: Ticket): string {
  const notes =
    typeof t.fields.notes === 'string'
      ? t.fields.notes
      : t.history
          .filter((h) => h.note)
          .map((h) => h.note)
          .join(' | ');
  return csvLine([
    t.number,
    t.customer.id,
    t.channel,
    t.category,
    t.createdAt,
    t.firstResponseAt,
    t.firstResponder,
    t.resolvedAt,
    t.resolver,
    t.csat?.score,
    notes,
  ]);
}
