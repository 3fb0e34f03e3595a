import type { Ticket } from '../core/model/ticket.ts';

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

/** RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets do not run it as a formula. */
export function csvCell(value: unknown): string {
  let s = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

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
