import type { Ticket } from '../tickets/types.ts';

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
