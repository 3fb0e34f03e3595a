import { createHash } from 'node:crypto';
import { SwitchboardError } from '../core/errors/switchboard-error.ts';
import type { Ticket } from '../core/model/ticket.ts';

/**
 * How one ticket is laid out over the tables, so that a change writes what changed:
 * - `tickets.doc`: the members that change often and stay small (status, SLA clocks, decisions…),
 *   with each growing list replaced by its length;
 * - `tickets.body`: the members that can be large and rarely change (description, customer,
 *   fields, scripts); an update that leaves them alike keeps the stored value (PostgreSQL reuses
 *   the out-of-line copy), recognised by `body_hash`;
 * - one child table per growing list, a row per element keyed by (ticket_id, seq).
 */
export const ticketLists = ['replies', 'history', 'tasks'] as const;
export type TicketList = (typeof ticketLists)[number];

export const bodyMembers = ['description', 'customer', 'fields', 'scripts'] as const;

export interface TicketParts {
  /** JSON text of the small document (lists as lengths, no body members). */
  doc: string;
  /** JSON text of the body members the ticket has. */
  body: string;
  bodyHash: string;
  /** The elements of each list (empty for a list the ticket lacks). */
  lists: Record<TicketList, readonly unknown[]>;
}

export function splitTicket(ticket: Ticket): TicketParts {
  const small: Record<string, unknown> = {};
  const body: Record<string, unknown> = {};
  const lists = { replies: [], history: [], tasks: [] } as Record<TicketList, readonly unknown[]>;
  for (const [key, value] of Object.entries(ticket)) {
    if ((bodyMembers as readonly string[]).includes(key)) body[key] = value;
    else if ((ticketLists as readonly string[]).includes(key) && Array.isArray(value)) {
      lists[key as TicketList] = value;
      small[key] = value.length;
    } else small[key] = value;
  }
  const bodyText = JSON.stringify(body);
  return {
    doc: JSON.stringify(small),
    body: bodyText,
    bodyHash: createHash('sha1').update(bodyText).digest('base64'),
    lists,
  };
}

/** A ticket row as the read statements return it (see ticket-read.ts). */
export interface StoredTicketRow {
  doc: Record<string, unknown>;
  body: Record<string, unknown> | null;
  body_hash: string | null;
  replies: unknown[] | null;
  history: unknown[] | null;
  tasks: unknown[] | null;
}

/**
 * The whole ticket from its row and child rows. `split` is false for a row still holding the
 * whole ticket in `doc` (written before the lists moved out, or by a process that predates it):
 * then `doc` is the ticket and its child rows are not read.
 */
export function assembleTicket(row: StoredTicketRow): { ticket: Ticket; split: boolean } {
  const doc = row.doc;
  if (Array.isArray(doc.replies)) return { ticket: doc as unknown as Ticket, split: false };
  const ticket: Record<string, unknown> = { ...doc, ...row.body };
  for (const list of ticketLists) {
    const length = doc[list];
    if (length === undefined) continue;
    const items = row[list] ?? [];
    if (items.length !== length) {
      throw new SwitchboardError(
        'SWB_STORE_CORRUPT',
        `Ticket ${String(doc.id)} says it has ${String(length)} ${list} but the ticket_${list} table holds ${items.length}: the database was changed outside Switchboard. Restore the ticket from a backup.`,
        { id: doc.id, list, expected: length, found: items.length },
      );
    }
    ticket[list] = items;
  }
  return { ticket: ticket as unknown as Ticket, split: true };
}
