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
  /** The ticket itself, or for a large one where to read it: `{ ref: [id, version] }`. */
  tickets: Array<Ticket | TicketRef>;
  /** Each event without its ticket; `ticketIndex` points into `tickets`. */
  events: Array<{ event: Omit<ClusterEvent, 'ticket'>; ticketIndex?: number }>;
}

/** A large ticket travels as its id and version; the receiver reads it from the shared store. */
export interface TicketRef {
  ref: [id: string, version: number];
}

/**
 * Above about this many characters a ticket goes by reference: the processes share the store,
 * and a message through the adapter's table would write the whole ticket again on every change
 * (200 replies on a 100 KB ticket: tens of MB), where the store wrote only the reply.
 */
export const inlineTicketChars = 16_384;

/** A cheap upper estimate of a ticket's JSON size: its texts, plus a bound per list entry. */
export function approxTicketChars(t: Ticket): number {
  let n = 2_000 + (t.description?.length ?? 0) + (t.subject?.length ?? 0) + 300 * (t.history?.length ?? 0);
  for (const r of t.replies ?? []) n += 200 + (r.body?.length ?? 0);
  return n;
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
  const tickets: ClusterPack['tickets'] = [];
  const index = new Map<string, number>();
  const packed = events.map((e) => {
    const { ticket, ...event } = e;
    if (!ticket || typeof ticket.id !== 'string') return { event: e };
    const key = `${ticket.id}@${ticket.version}`;
    let i = index.get(key);
    if (i === undefined) {
      const big = approxTicketChars(ticket) > inlineTicketChars;
      i = tickets.push(big ? { ref: [ticket.id, ticket.version] } : ticket) - 1;
      index.set(key, i);
    }
    return { event, ticketIndex: i };
  });
  return { tickets, events: packed };
}

const isRef = (t: unknown): t is TicketRef =>
  typeof t === 'object' &&
  t !== null &&
  Array.isArray((t as TicketRef).ref) &&
  typeof (t as TicketRef).ref[0] === 'string';

/**
 * The events of a pack, each with its ticket back in `ticket` (a referenced one read with `read`:
 * the stored version, which is that version or a newer one); nothing when the pack is malformed.
 * An event whose referenced ticket is gone from the store goes without it.
 */
export async function unpackEvents(
  pack: unknown,
  read: (id: string) => Promise<Ticket | undefined>,
): Promise<ClusterEvent[]> {
  const p = pack as Partial<ClusterPack> | null;
  if (!p || !Array.isArray(p.events) || !Array.isArray(p.tickets)) return [];
  const tickets = await Promise.all(
    p.tickets.map(async (t) => (isRef(t) ? await read(t.ref[0]).catch(() => undefined) : (t as Ticket))),
  );
  return p.events.flatMap((e) => {
    if (!e || typeof e.event !== 'object' || e.event === null) return [];
    const ticket = e.ticketIndex !== undefined ? tickets[e.ticketIndex] : undefined;
    return [(ticket ? { ...e.event, ticket } : e.event) as ClusterEvent];
  });
}
