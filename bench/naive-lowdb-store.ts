// The baseline the intake bench compares against: lowdb used the obvious way, one db.write()
// (JSON.stringify of everything, then a file write) on every insert, update, counter and meta change.
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { SwitchboardError } from '../src/core/errors/index.ts';
import type { Store } from '../src/store/types.ts';
import type { Ticket } from '../src/core/model/ticket.ts';

interface Data {
  tickets: Ticket[];
  sequences: Record<string, number>;
  meta: Record<string, unknown>;
}

const order = (a: Ticket, b: Ticket) =>
  Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export function createNaiveLowdbStore(file: string, preload: Ticket[] = []): Store {
  // the file adapter itself: JSONFilePreset would stay in memory under NODE_ENV=test
  const db = new Low<Data>(new JSONFile<Data>(file), { tickets: [], sequences: {}, meta: {} });
  const copy = <T>(v: T): T => structuredClone(v);
  return {
    kind: 'naive-lowdb',
    async open() {
      await db.read();
      if (preload.length) {
        db.data.tickets.push(...preload);
        await db.write();
      }
    },
    async close() {},
    async insert(ticket) {
      if (db.data.tickets.some((t) => t.id === ticket.id))
        throw new SwitchboardError('SWB_STORE_DUPLICATE', `Ticket ${ticket.id} exists`);
      db.data.tickets.push(copy(ticket));
      await db.write();
    },
    async update(ticket, expectedVersion) {
      const i = db.data.tickets.findIndex((t) => t.id === ticket.id);
      if (i < 0) throw new SwitchboardError('SWB_TICKET_NOT_FOUND', `Ticket ${ticket.id} not found`);
      if (db.data.tickets[i]!.version !== expectedVersion)
        throw new SwitchboardError('SWB_STORE_CONFLICT', `Ticket ${ticket.id} changed`);
      db.data.tickets[i] = copy(ticket);
      await db.write();
    },
    async get(id) {
      const t = db.data.tickets.find((x) => x.id === id);
      return t && copy(t);
    },
    async list(filter = {}) {
      const items = db.data.tickets
        .filter((t) => !filter.status?.length || filter.status.includes(t.status))
        .sort(order);
      return { items: copy(items.slice(0, filter.limit ?? 50)) };
    },
    async openTickets() {
      return copy(db.data.tickets.filter((t) => t.status !== 'closed'));
    },
    async nextSequence(name) {
      const value = (db.data.sequences[name] ?? 0) + 1;
      db.data.sequences[name] = value;
      await db.write();
      return value;
    },
    async getMeta<T>(key: string) {
      return copy(db.data.meta[key]) as T | undefined;
    },
    async setMeta(key, value) {
      db.data.meta[key] = copy(value);
      await db.write();
    },
  };
}
