import type { Ticket } from '../core/model/ticket.ts';

/** A bus event as processes forward it to each other. */
export interface ClusterEvent {
  type: string;
  seq: number;
  at: string;
  ticket?: Ticket;
  [field: string]: unknown;
}

/**
 * Events of one tick as one cluster message. A created ticket publishes three to five events,
 * most of them carrying the same ticket version; each version travels once, and events name it
 * by index. The message goes through PostgreSQL's NOTIFY, so this halves the bytes per ticket.
 */
export interface ClusterPack {
  tickets: Ticket[];
  /** Each event without its ticket; `ticketIndex` points into `tickets`. */
  events: Array<{ event: Omit<ClusterEvent, 'ticket'>; ticketIndex?: number }>;
}

/**
 * Ticket versions per pack. PostgreSQL's NOTIFY takes at most 8,000 bytes; the adapter sends a
 * bigger message through a table, msgpack-encoded, which cost more CPU than everything packing
 * saves (measured: ~11% of the server's CPU). Two typical tickets stay under the limit.
 */
export const ticketsPerPack = 2;

/** The events in order, as packs of at most `ticketsPerPack` ticket versions each. */
export function packAll(events: ClusterEvent[]): ClusterPack[] {
  const packs: ClusterPack[] = [];
  let start = 0;
  const seen = new Set<string>();
  events.forEach((e, i) => {
    const t = e.ticket;
    if (!t || typeof t.id !== 'string') return;
    const key = `${t.id}@${t.version}`;
    if (seen.has(key)) return;
    if (seen.size === ticketsPerPack) {
      packs.push(packEvents(events.slice(start, i)));
      start = i;
      seen.clear();
    }
    seen.add(key);
  });
  if (start < events.length) packs.push(packEvents(events.slice(start)));
  return packs;
}

export function packEvents(events: ClusterEvent[]): ClusterPack {
  const tickets: Ticket[] = [];
  const index = new Map<string, number>();
  const packed = events.map((e) => {
    const { ticket, ...event } = e;
    if (!ticket || typeof ticket.id !== 'string') return { event: e };
    const key = `${ticket.id}@${ticket.version}`;
    let i = index.get(key);
    if (i === undefined) {
      i = tickets.push(ticket) - 1;
      index.set(key, i);
    }
    return { event, ticketIndex: i };
  });
  return { tickets, events: packed };
}

/** The events of a pack, each with its ticket back in `ticket`; nothing when the pack is malformed. */
export function unpackEvents(pack: unknown): ClusterEvent[] {
  const p = pack as Partial<ClusterPack> | null;
  if (!p || !Array.isArray(p.events) || !Array.isArray(p.tickets)) return [];
  const tickets = p.tickets;
  return p.events.flatMap((e) => {
    if (!e || typeof e.event !== 'object' || e.event === null) return [];
    const ticket = e.ticketIndex !== undefined ? tickets[e.ticketIndex] : undefined;
    return [(ticket ? { ...e.event, ticket } : e.event) as ClusterEvent];
  });
}
