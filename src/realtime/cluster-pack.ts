import type { Ticket } from '../core/model/ticket.ts';

/** A bus event as processes forward it to each other. */
export interface ClusterEvent {
  type: string;
  seq: number;
  at: string;
  data: unknown;
}

/**
 * Events of one tick as one cluster message. A created ticket publishes three to five events,
 * most of them carrying the same ticket version; each version travels once, and events name it
 * by index. The message goes through PostgreSQL's NOTIFY, so this halves the bytes per ticket.
 */
export interface ClusterPack {
  tickets: Ticket[];
  events: Array<{ type: string; seq: number; at: string; data: unknown; ticket?: number }>;
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
    const t = (e.data as { ticket?: Ticket } | null)?.ticket;
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
    const data = e.data as { ticket?: Ticket } | null;
    const ticket = data?.ticket;
    if (!ticket || typeof ticket.id !== 'string') return { type: e.type, seq: e.seq, at: e.at, data: e.data };
    const key = `${ticket.id}@${ticket.version}`;
    let i = index.get(key);
    if (i === undefined) {
      i = tickets.push(ticket) - 1;
      index.set(key, i);
    }
    const { ticket: _, ...rest } = data;
    return { type: e.type, seq: e.seq, at: e.at, data: rest, ticket: i };
  });
  return { tickets, events: packed };
}

/** The events of a pack, each with its ticket back in `data.ticket`; nothing when the pack is malformed. */
export function unpackEvents(pack: unknown): ClusterEvent[] {
  const p = pack as Partial<ClusterPack> | null;
  if (!p || !Array.isArray(p.events) || !Array.isArray(p.tickets)) return [];
  const tickets = p.tickets;
  return p.events.map((e) => ({
    type: e.type,
    seq: e.seq,
    at: e.at,
    data: e.ticket !== undefined && tickets[e.ticket] ? { ...(e.data as object), ticket: tickets[e.ticket] } : e.data,
  }));
}
