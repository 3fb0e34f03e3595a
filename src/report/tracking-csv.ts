import type { Ticket } from '../core/model/ticket.ts';
import type { FieldDef } from '../core/policy/field-types.ts';
import { csvLine } from '../core/util/csv.ts';

/** The tracking table of domain.md §9, one ticket per row; the policy's declared fields follow as `fields.<id>`. */
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

/** The heading line: the fixed columns, then one per declared field. */
export function trackingHeading(fields: readonly FieldDef[]): string {
  return csvLine([...trackingHeader, ...fields.map((f) => `fields.${f.id}`)]);
}

/** A field's cell: lists joined with "; ", everything else as written. */
const fieldCell = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.join('; ')
    : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
      ? v
      : v == null
        ? undefined
        : JSON.stringify(v);

/** One ticket as a row (mask it first for the reader's role: pii fields are masked like contact data). */
export function trackingRow(t: Ticket, fields: readonly FieldDef[] = []): string {
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
    ...fields.map((f) => fieldCell(t.fields[f.id])),
  ]);
}
