import type { Ticket } from '../core/model/ticket.ts';

/**
 * How a store keeps one ticket: its canonical JSON (the only copy, so nobody can mutate it)
 * plus the few fields that list filters and ordering read. Rows are immutable; an update
 * replaces the row, which lets readers capture a consistent view without copying.
 */
export interface TicketRow {
  readonly id: string;
  readonly version: number;
  /** createdAt in ms since the epoch (0 when unparsable): the primary sort key. */
  readonly at: number;
  readonly status: string;
  readonly group: string;
  readonly priority: string;
  readonly channel: string;
  readonly assignee: string | null;
  readonly closed: boolean;
  /** When a closed ticket closed, in ms (closedAt, else updatedAt; 0 when unparsable or open). */
  readonly closedAtMs: number;
  readonly json: string;
}

/** Closed is final in the lifecycle, and the lifecycle stamps closedAt; the store knows no policy. */
export function isClosedTicket(ticket: Pick<Ticket, 'status' | 'closedAt'>): boolean {
  return ticket.closedAt !== undefined || ticket.status === 'closed';
}

export function toRow(ticket: Ticket, json: string = JSON.stringify(ticket)): TicketRow {
  const at = Date.parse(ticket.createdAt);
  const closed = isClosedTicket(ticket);
  const closedAtMs = closed ? Date.parse(ticket.closedAt ?? ticket.updatedAt) : 0;
  return {
    id: ticket.id,
    version: ticket.version,
    at: Number.isFinite(at) ? at : 0,
    status: ticket.status,
    group: ticket.group,
    priority: ticket.priority,
    channel: ticket.channel,
    assignee: ticket.assignee ?? null,
    closed,
    closedAtMs: Number.isFinite(closedAtMs) ? closedAtMs : 0,
    json,
  };
}

export function rowFromJson(json: string): TicketRow {
  return toRow(JSON.parse(json) as Ticket, json);
}
