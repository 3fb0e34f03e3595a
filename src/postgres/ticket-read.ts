import type { Ticket } from '../core/model/ticket.ts';
import type { KnownStored } from './known-stored.ts';
import { assembleTicket, ticketLists, type StoredTicketRow } from './ticket-layout.ts';
import type { SqlNames } from './sql-names.ts';

/**
 * The select list reading whole tickets from rows of `tickets` aliased `alias`: the row's
 * parts and each list gathered from its child table by a correlated subquery (a range scan of
 * the child's primary key, skipped for a list the row says is empty), so a page of tickets is
 * one statement and one round trip. ARRAY(… ORDER BY seq) keeps the order and is cheaper per
 * row than json_agg with its own sort.
 */
export function ticketColumns(n: SqlNames, alias: string): string {
  const lists = ticketLists.map(
    (list) =>
      `CASE WHEN ${alias}.doc->'${list}' <> '0' THEN array_to_json(ARRAY(SELECT c.doc FROM ${n.lists[list]} c WHERE c.ticket_id = ${alias}.id ORDER BY c.seq)) END AS ${list}`,
  );
  return [`${alias}.doc`, `${alias}.body`, `${alias}.body_hash`, ...lists].join(', ');
}

/**
 * The tickets of rows read with ticketColumns. With `known`, each is remembered as stored
 * (known-stored.ts): for reads that changes start from (`get`); pages and feeds skip it.
 */
export function readTickets(rows: StoredTicketRow[], known?: KnownStored): Ticket[] {
  return rows.map((row) => {
    const { ticket, split } = assembleTicket(row);
    if (split && known) known.remember(ticket, row.body_hash);
    return ticket;
  });
}
