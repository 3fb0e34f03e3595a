import type { Ticket } from '../core/model/ticket.ts';
import type { KnownStored } from './known-stored.ts';
import { assembleTicket, ticketLists, type StoredTicketRow } from './ticket-layout.ts';
import type { SqlNames } from './sql-names.ts';

/**
 * The select list reading whole tickets from rows of `tickets` aliased `alias`: the row's
 * parts and each list gathered from its child table in one correlated subquery (an index range
 * scan on the child's primary key), so a page of tickets is one statement and one round trip.
 */
export function ticketColumns(n: SqlNames, alias: string): string {
  const lists = ticketLists.map(
    (list) =>
      `(SELECT json_agg(c.doc ORDER BY c.seq) FROM ${n.lists[list]} c WHERE c.ticket_id = ${alias}.id) AS ${list}`,
  );
  return [`${alias}.doc`, `${alias}.body`, `${alias}.body_hash`, ...lists].join(', ');
}

/** The tickets of rows read with ticketColumns, each remembered as stored (known-stored.ts). */
export function readTickets(rows: StoredTicketRow[], known: KnownStored): Ticket[] {
  return rows.map((row) => {
    const { ticket, split } = assembleTicket(row);
    if (split) known.remember(ticket, row.body_hash);
    return ticket;
  });
}
