import type { Ticket } from '../core/model/ticket.ts';
import { ticketLists, type TicketList } from './ticket-layout.ts';

/** One list of one stored ticket version, shared by the marks of all its elements. */
interface StoredList {
  id: string;
  version: number;
  list: TicketList;
  items: readonly unknown[];
}

/**
 * What this process knows the database holds, so an update sends only what changed. Tickets
 * are immutable once stored (a change makes a new ticket sharing the untouched elements), so an
 * element object of a ticket this process read or wrote at version v is known to sit at its
 * index in that version's list. An update from version v then rewrites only the indexes whose
 * element is not known to be there; the statement's version check makes sure v is what is stored.
 * Body hashes are kept per ticket id for the most recent tickets (a bounded map).
 */
export interface KnownStored {
  /** Records a ticket as stored at its version (after reading or writing it). */
  remember(ticket: Ticket, bodyHash: string | null): void;
  /** The indexes of `list` in `ticket` not known to be stored at `fromVersion`. */
  changed(ticket: Ticket, list: TicketList, fromVersion: number): number[];
  /** Whether the body stored at `fromVersion` is known to have this hash. */
  sameBody(id: string, fromVersion: number, bodyHash: string): boolean;
}

export function createKnownStored(maxBodies = 10_000): KnownStored {
  const marks = new WeakMap<object, StoredList>();
  const bodies = new Map<string, { version: number; hash: string | null }>();
  return {
    remember(ticket, bodyHash) {
      for (const list of ticketLists) {
        const items = ticket[list];
        if (!Array.isArray(items) || items.length === 0) continue;
        const mark: StoredList = { id: ticket.id, version: ticket.version, list, items };
        for (const item of items) if (item !== null && typeof item === 'object') marks.set(item, mark);
      }
      const had = bodies.get(ticket.id);
      if (had !== undefined && had.version > ticket.version) return; // a read that crossed a newer write
      bodies.delete(ticket.id);
      bodies.set(ticket.id, { version: ticket.version, hash: bodyHash });
      if (bodies.size > maxBodies) bodies.delete(bodies.keys().next().value!);
    },
    changed(ticket, list, fromVersion) {
      const items = ticket[list];
      const out: number[] = [];
      if (!Array.isArray(items)) return out;
      for (let i = 0; i < items.length; i++) {
        const item: unknown = items[i];
        const mark = item !== null && typeof item === 'object' ? marks.get(item) : undefined;
        const known =
          mark !== undefined &&
          mark.id === ticket.id &&
          mark.version === fromVersion &&
          mark.list === list &&
          mark.items[i] === item;
        if (!known) out.push(i);
      }
      return out;
    },
    sameBody(id, fromVersion, bodyHash) {
      const b = bodies.get(id);
      return b !== undefined && b.version === fromVersion && b.hash === bodyHash;
    },
  };
}
